import { describe, expect, it } from "vitest";
import { makeT } from "~/i18n/t";
import type { CompiledLesson } from "./cache.server";
import { gradeQuizForm } from "./quiz-action.server";

const lesson = {
  answerKey: [
    {
      id: "check",
      questions: [
        { id: "q1", type: "single", choiceCount: 2, correct: [0], explanationHtml: "<p>because</p>" },
        { id: "q2", type: "truefalse", answer: true, explanationHtml: "" },
      ],
    },
  ],
} as unknown as CompiledLesson;

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("gradeQuizForm", () => {
  it("grades the quiz named by quizId from answer-<question> fields", () => {
    const result = gradeQuizForm(
      lesson,
      form([
        ["quizId", "check"],
        ["answer-q1", "0"],
        ["answer-q2", "false"],
      ]),
      makeT("en"),
    );
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ ok: true, graded: { quizId: "check", correctCount: 1, total: 2 } });
  });

  it("refuses an unknown or repeated quizId with a message in the reader's language", () => {
    const unknown = gradeQuizForm(lesson, form([["quizId", "nope"]]), makeT("zh-CN"));
    expect(unknown).toEqual({
      status: 400,
      data: { ok: false, message: makeT("zh-CN")("quiz.error.unknownQuiz") },
    });
    const twice = gradeQuizForm(
      lesson,
      form([
        ["quizId", "check"],
        ["quizId", "check"],
      ]),
      makeT("en"),
    );
    expect(twice.status).toBe(400);
  });

  it("names the unanswered question by its number", () => {
    const result = gradeQuizForm(
      lesson,
      form([
        ["quizId", "check"],
        ["answer-q1", "0"],
      ]),
      makeT("en"),
    );
    expect(result).toEqual({
      status: 400,
      data: {
        ok: false,
        quizId: "check",
        message: "Question 2 has no answer. Answer every question, then submit.",
      },
    });
  });

  it("refuses answers to questions the quiz does not have", () => {
    const result = gradeQuizForm(
      lesson,
      form([
        ["quizId", "check"],
        ["answer-q1", "0"],
        ["answer-q2", "true"],
        ["answer-q9", "1"],
      ]),
      makeT("en"),
    );
    expect(result.status).toBe(400);
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"])(
    "refuses an answer field named answer-%s as an unknown question (400, not a crash)",
    (name) => {
      const result = gradeQuizForm(
        lesson,
        form([
          ["quizId", "check"],
          ["answer-q1", "0"],
          ["answer-q2", "true"],
          [`answer-${name}`, "1"],
        ]),
        makeT("en"),
      );
      expect(result.status).toBe(400);
      expect(Object.prototype).not.toHaveProperty("push");
    },
  );
});
