import type { Db } from "~db/client.server";
import type { QuizActionData } from "~/courseware/quiz-action.server";
import { answerField } from "~/courseware/types";
import type { TFunction } from "~/i18n/t";
import { type SubmitResult, submitQuizAttempt } from "./completion.server";
import type { CourseRules } from "./course-rules.server";

/** The graded answers as sent, for the attempt record: only the questions the quiz has. */
export function answersFromForm(form: FormData, questionIds: readonly string[]): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const id of questionIds) {
    answers[id] = form
      .getAll(answerField(id))
      .map((value) => (typeof value === "string" ? value.slice(0, 200) : ""));
  }
  return answers;
}

/**
 * Records a learner's graded quiz. A throttled or exhausted submission is
 * answered without its grading, so refused tries reveal nothing.
 */
export function recordGradedQuiz(
  db: Db,
  input: {
    userId: number;
    rules: CourseRules;
    lessonId: string;
    form: FormData;
    graded: Extract<QuizActionData, { ok: true }>["graded"];
  },
  t: TFunction,
  now = Date.now(),
): { status: number; data: QuizActionData; result: SubmitResult } {
  const { graded } = input;
  const answers = answersFromForm(
    input.form,
    graded.questions.map((q) => q.id),
  );
  const result = submitQuizAttempt(
    db,
    { userId: input.userId, rules: input.rules, lessonId: input.lessonId, graded, answers },
    now,
  );
  if (result.ok) return { status: 200, data: { ok: true, graded }, result };
  if (result.reason === "throttled") {
    const seconds = Math.max(1, Math.ceil((result.retryAt.getTime() - now) / 1000));
    return {
      status: 429,
      data: { ok: false, quizId: graded.quizId, message: t("quiz.error.throttled", { seconds }) },
      result,
    };
  }
  if (result.reason === "no-attempts-left") {
    return {
      status: 409,
      data: { ok: false, quizId: graded.quizId, message: t("quiz.error.noAttemptsLeft") },
      result,
    };
  }
  return {
    status: 400,
    data: { ok: false, quizId: graded.quizId, message: t("quiz.error.unknownQuiz") },
    result,
  };
}
