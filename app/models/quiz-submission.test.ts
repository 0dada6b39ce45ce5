import { describe, expect, it } from "vitest";
import type { QuizKey } from "~/courseware/answer-key.server";
import type { GradedQuiz } from "~/courseware/types";
import { revealPerRule } from "./quiz-submission.server";

const key: QuizKey = {
  id: "check",
  questions: [
    { id: "a", type: "single", choiceCount: 3, correct: [2], explanationHtml: "<p>why a</p>" },
    { id: "b", type: "truefalse", answer: true, explanationHtml: "" },
  ],
};

const graded: GradedQuiz = {
  quizId: "check",
  correctCount: 1,
  total: 2,
  percent: 50,
  questions: [
    { id: "a", correct: false, explanationHtml: "<p>why a</p>" },
    { id: "b", correct: true, explanationHtml: "" },
  ],
};

const answersOf = (quiz: GradedQuiz) => quiz.questions.map((q) => q.answer ?? null);

describe("revealing correct answers after a submission", () => {
  it("follows the course's rule: always, after a pass, never", () => {
    const shown = [
      { id: "a", type: "single", correct: [2] },
      { id: "b", type: "truefalse", correct: true },
    ];
    expect(answersOf(revealPerRule(graded, key, "always", false))).toEqual(shown);
    expect(answersOf(revealPerRule(graded, key, "after-pass", false))).toEqual([null, null]);
    expect(answersOf(revealPerRule(graded, key, "after-pass", true))).toEqual(shown);
    expect(answersOf(revealPerRule(graded, key, "never", true))).toEqual([null, null]);
  });

  it("never puts an answer under a question the graded quiz does not have", () => {
    const onlyA = { ...graded, questions: graded.questions.slice(0, 1) };
    const shown = revealPerRule(onlyA, key, "always", true);
    expect(shown.questions).toHaveLength(1);
    expect(JSON.stringify(shown)).not.toContain('"truefalse"');
  });
});
