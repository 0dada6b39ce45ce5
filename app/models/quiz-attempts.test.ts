import { describe, expect, it } from "vitest";
import { quizSettingsSchema } from "~/courseware/schema.server";
import { correctAnswers, revealsAnswers } from "./quiz-attempts.server";

describe("quiz settings in course.yml", () => {
  it("default to revealing always, unlimited attempts, best attempt counts", () => {
    expect(quizSettingsSchema.parse({})).toEqual({
      reveal: "always",
      attempts: "unlimited",
      counting: "best",
    });
  });

  it("refuse anything else", () => {
    for (const bad of [
      { reveal: "sometimes" },
      { attempts: 0 },
      { attempts: 2.5 },
      { counting: "average" },
      { extra: 1 },
    ]) {
      expect(quizSettingsSchema.safeParse(bad).success).toBe(false);
    }
    expect(quizSettingsSchema.parse({ reveal: "after-pass", attempts: 3, counting: "last" })).toEqual({
      reveal: "after-pass",
      attempts: 3,
      counting: "last",
    });
  });
});

describe("revealing the correct options", () => {
  it("follows the course setting", () => {
    expect(revealsAnswers("always", false)).toBe(true);
    expect(revealsAnswers("after-pass", false)).toBe(false);
    expect(revealsAnswers("after-pass", true)).toBe(true);
    expect(revealsAnswers("never", true)).toBe(false);
  });

  it("gives each question's answer without its explanation", () => {
    const revealed = correctAnswers({
      id: "q",
      questions: [
        { id: "a", type: "single", choiceCount: 3, correct: [1], explanationHtml: "<p>why</p>" },
        { id: "b", type: "truefalse", answer: false, explanationHtml: "" },
        { id: "c", type: "numeric", answer: 2.5, tolerance: 0.1, explanationHtml: "" },
      ],
    });
    expect(revealed).toEqual([
      { id: "a", type: "single", correct: [1] },
      { id: "b", type: "truefalse", correct: false },
      { id: "c", type: "numeric", correct: 2.5, tolerance: 0.1 },
    ]);
  });
});
