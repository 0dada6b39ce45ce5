import { describe, expect, it } from "vitest";
import type { QuizKey } from "./answer-key.server";
import { gradeQuiz as gradeSubmission } from "./grade.server";

const gradeQuiz = (quiz: QuizKey, answers: Record<string, string[]>) =>
  gradeSubmission(quiz, new Map(Object.entries(answers)));

const key: QuizKey = {
  id: "check",
  questions: [
    { id: "single", type: "single", choiceCount: 3, correct: [1], explanationHtml: "<p>one</p>" },
    { id: "multi", type: "multiple", choiceCount: 4, correct: [0, 2], explanationHtml: "<p>two</p>" },
    { id: "tf", type: "truefalse", answer: false, explanationHtml: "<p>three</p>" },
    { id: "num", type: "numeric", answer: 0.8, tolerance: 0.005, explanationHtml: "<p>four</p>" },
  ],
};

const allRight = { single: ["1"], multi: ["2", "0"], tf: ["false"], num: ["0.8"] };

function verdicts(submission: Record<string, string[]>) {
  const outcome = gradeQuiz(key, submission);
  if (!outcome.ok) throw new Error(`expected a grade, got ${outcome.reason} for ${outcome.questionId}`);
  return Object.fromEntries(outcome.graded.questions.map((q) => [q.id, q.correct]));
}

describe("gradeQuiz", () => {
  it("scores a fully correct submission and returns every explanation", () => {
    const outcome = gradeQuiz(key, allRight);
    expect(outcome).toEqual({
      ok: true,
      graded: {
        quizId: "check",
        correctCount: 4,
        total: 4,
        percent: 100,
        questions: [
          { id: "single", correct: true, explanationHtml: "<p>one</p>" },
          { id: "multi", correct: true, explanationHtml: "<p>two</p>" },
          { id: "tf", correct: true, explanationHtml: "<p>three</p>" },
          { id: "num", correct: true, explanationHtml: "<p>four</p>" },
        ],
      },
    });
  });

  it("marks a wrong single choice and a wrong true/false answer", () => {
    expect(verdicts({ ...allRight, single: ["0"], tf: ["true"] })).toMatchObject({
      single: false,
      tf: false,
    });
  });

  it("grades multiple choice all-or-nothing", () => {
    expect(verdicts({ ...allRight, multi: ["0"] }).multi).toBe(false);
    expect(verdicts({ ...allRight, multi: ["0", "2", "3"] }).multi).toBe(false);
    expect(verdicts({ ...allRight, multi: ["0", "2"] }).multi).toBe(true);
  });

  it("accepts numeric answers within the tolerance, edges included", () => {
    expect(verdicts({ ...allRight, num: ["0.805"] }).num).toBe(true);
    expect(verdicts({ ...allRight, num: ["0.795"] }).num).toBe(true);
    expect(verdicts({ ...allRight, num: [" .8 "] }).num).toBe(true);
    expect(verdicts({ ...allRight, num: ["0.8051"] }).num).toBe(false);
    expect(verdicts({ ...allRight, num: ["0.7949"] }).num).toBe(false);
    expect(verdicts({ ...allRight, num: ["8e-1"] }).num).toBe(true);
  });

  it("compares exactly when the tolerance is zero", () => {
    const exact: QuizKey = {
      id: "e",
      questions: [{ id: "n", type: "numeric", answer: 78, tolerance: 0, explanationHtml: "" }],
    };
    const grade = (value: string) => gradeQuiz(exact, { n: [value] });
    expect(grade("78")).toMatchObject({ ok: true, graded: { correctCount: 1 } });
    expect(grade("78.0001")).toMatchObject({ ok: true, graded: { correctCount: 0 } });
  });

  it("computes the score and percentage", () => {
    const outcome = gradeQuiz(key, { ...allRight, single: ["2"] });
    expect(outcome).toMatchObject({ ok: true, graded: { correctCount: 3, total: 4, percent: 75 } });
  });

  it.each([
    ["a missing question", { single: ["1"], multi: ["0"], tf: ["false"] }, "missing", "num"],
    ["an empty numeric answer", { ...allRight, num: ["  "] }, "missing", "num"],
    ["two answers to a single choice", { ...allRight, single: ["1", "2"] }, "invalid", "single"],
    ["a choice index out of range", { ...allRight, single: ["3"] }, "invalid", "single"],
    ["a negative choice index", { ...allRight, single: ["-1"] }, "invalid", "single"],
    ["a non-numeric choice", { ...allRight, single: ["second"] }, "invalid", "single"],
    ["a repeated choice", { ...allRight, multi: ["0", "0"] }, "invalid", "multi"],
    ["a true/false answer that is neither", { ...allRight, tf: ["yes"] }, "invalid", "tf"],
    ["a numeric answer that is not a number", { ...allRight, num: ["0.8kg"] }, "invalid", "num"],
    ["an infinite numeric answer", { ...allRight, num: ["1e999"] }, "invalid", "num"],
    ["two numeric answers", { ...allRight, num: ["0.8", "0.8"] }, "invalid", "num"],
    ["an answer to an unknown question", { ...allRight, extra: ["1"] }, "unknown-question", "extra"],
  ])("refuses %s", (_label, submission, reason, questionId) => {
    expect(gradeQuiz(key, submission)).toEqual({ ok: false, reason, questionId });
  });
});
