import type { QuestionKey, QuizKey } from "./answer-key.server";
import type { GradedQuiz } from "./types";
import { DECIMAL_NUMBER } from "./numbers";

/**
 * Raw answers by question id, as the form sent them (several values for a
 * multiple-choice question). A Map, never a plain object: the ids are user input.
 */
export type Submission = ReadonlyMap<string, readonly string[]>;

export type GradeFailure = {
  ok: false;
  reason: "missing" | "invalid" | "unknown-question";
  questionId: string;
};
export type GradeOutcome = { ok: true; graded: GradedQuiz } | GradeFailure;

const INDEX = /^(?:0|[1-9]\d{0,3})$/;

/** Decimal answers such as 0.1 + 0.2 must not fail on binary rounding at the tolerance edge. */
function withinTolerance(value: number, answer: number, tolerance: number): boolean {
  return Math.abs(value - answer) <= tolerance + 1e-9 * Math.max(1, Math.abs(answer));
}

/** true or false for a well-formed answer; otherwise why it cannot be graded. */
function judge(question: QuestionKey, values: readonly string[]): boolean | "missing" | "invalid" {
  if (values.length === 0 || values.every((v) => v.trim() === "")) return "missing";
  switch (question.type) {
    case "single":
    case "multiple": {
      if (question.type === "single" && values.length !== 1) return "invalid";
      if (!values.every((v) => INDEX.test(v) && Number(v) < question.choiceCount)) return "invalid";
      const chosen = new Set(values.map(Number));
      if (chosen.size !== values.length) return "invalid";
      return chosen.size === question.correct.length && question.correct.every((index) => chosen.has(index));
    }
    case "truefalse": {
      const [value] = values;
      if (values.length !== 1 || (value !== "true" && value !== "false")) return "invalid";
      return (value === "true") === question.answer;
    }
    case "numeric": {
      const value = values[0]?.trim() ?? "";
      if (values.length !== 1 || !DECIMAL_NUMBER.test(value) || !Number.isFinite(Number(value)))
        return "invalid";
      return withinTolerance(Number(value), question.answer, question.tolerance);
    }
  }
}

/**
 * Scores one quiz submission. Pure: the caller parses the form and records
 * nothing here. Multiple choice is all-or-nothing; numeric answers count when
 * within the tolerance (inclusive). Malformed input is refused, never scored.
 */
export function gradeQuiz(key: QuizKey, submission: Submission): GradeOutcome {
  for (const questionId of submission.keys()) {
    if (!key.questions.some((q) => q.id === questionId))
      return { ok: false, reason: "unknown-question", questionId };
  }
  const questions: GradedQuiz["questions"] = [];
  for (const question of key.questions) {
    const verdict = judge(question, submission.get(question.id) ?? []);
    if (typeof verdict === "string") return { ok: false, reason: verdict, questionId: question.id };
    questions.push({ id: question.id, correct: verdict, explanationHtml: question.explanationHtml });
  }
  const correctCount = questions.filter((q) => q.correct).length;
  const total = questions.length;
  return {
    ok: true,
    graded: {
      quizId: key.id,
      correctCount,
      total,
      percent: total === 0 ? 0 : Math.round((100 * correctCount) / total),
      questions,
    },
  };
}
