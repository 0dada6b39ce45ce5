import type { TFunction } from "~/i18n/t";
import type { CompiledLesson } from "./cache.server";
import { gradeQuiz } from "./grade.server";
import { type GradedQuiz, answerField } from "./types";

export type QuizActionData =
  | { ok: true; graded: GradedQuiz }
  | { ok: false; quizId?: string; message: string };

const ANSWER_PREFIX = answerField("");

/**
 * Reads a quiz form (its `quizId` and `answer-<question>` fields, nothing
 * else), grades it against the lesson's answer key, and says what was wrong
 * in the reader's language when the form cannot be graded.
 */
export function gradeQuizForm(
  lesson: CompiledLesson,
  form: FormData,
  t: TFunction,
): { status: 200 | 400; data: QuizActionData } {
  const ids = form.getAll("quizId");
  const quizId = typeof ids[0] === "string" && ids.length === 1 ? ids[0] : undefined;
  const key = lesson.answerKey.find((quiz) => quiz.id === quizId);
  if (!key) return { status: 400, data: { ok: false, message: t("quiz.error.unknownQuiz") } };

  // A Map: question ids come from field names, and `answer-__proto__` must be just another unknown question.
  const submission = new Map<string, string[]>();
  for (const [name, value] of form.entries()) {
    if (!name.startsWith(ANSWER_PREFIX)) continue;
    const questionId = name.slice(ANSWER_PREFIX.length);
    // A file where text belongs is malformed: an empty string makes the grader refuse it.
    const values = submission.get(questionId) ?? [];
    values.push(typeof value === "string" ? value : "");
    submission.set(questionId, values);
  }
  const outcome = gradeQuiz(key, submission);
  if (outcome.ok) return { status: 200, data: { ok: true, graded: outcome.graded } };
  const position = key.questions.findIndex((q) => q.id === outcome.questionId);
  const n = position >= 0 ? position + 1 : outcome.questionId;
  const message =
    outcome.reason === "missing" ? t("quiz.error.missing", { n }) : t("quiz.error.invalid", { n });
  return { status: 400, data: { ok: false, quizId: key.id, message } };
}
