import type { Db } from "~db/client.server";
import type { QuizKey } from "~/courseware/answer-key.server";
import type { QuizActionData } from "~/courseware/quiz-action.server";
import type { QuizSettings } from "~/courseware/schema.server";
import { type GradedQuiz, answerField } from "~/courseware/types";
import type { TFunction } from "~/i18n/t";
import { type SubmitResult, submitQuizAttempt } from "./completion.server";
import type { CourseRules } from "./course-rules.server";
import { correctAnswers, revealsAnswers } from "./quiz-attempts.server";

/**
 * The graded quiz as the browser may see it after this submission: each
 * question carries its correct answer only when the course's `reveal` rule
 * allows it (`after-pass`: once the quiz has a passing attempt).
 */
export function revealPerRule(
  graded: GradedQuiz,
  key: QuizKey,
  reveal: QuizSettings["reveal"],
  passed: boolean,
): GradedQuiz {
  if (!revealsAnswers(reveal, passed)) return graded;
  const answers = new Map(correctAnswers(key).map((answer) => [answer.id, answer]));
  return {
    ...graded,
    questions: graded.questions.map((question) => ({ ...question, answer: answers.get(question.id) })),
  };
}

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
    graded: GradedQuiz;
    key: QuizKey;
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
  if (result.ok) {
    const shown = revealPerRule(graded, input.key, input.rules.quizzes.reveal, result.quizPassed);
    return { status: 200, data: { ok: true, graded: shown }, result };
  }
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
