import { and, sql, count, desc, eq, gt } from "drizzle-orm";
import { type Tx, perConnection } from "~db/client.server";
import { type QuizAttempt, quizAttempts } from "~db/schema";
import { recountQuizSummary } from "./progress-summaries.server";
import type { QuestionKey, QuizKey } from "~/courseware/answer-key.server";
import type { QuizSettings } from "~/courseware/schema.server";
import type { RevealedAnswer } from "~/courseware/types";

/** Against finding answers by enumeration: one submission per quiz every few seconds, a few dozen an hour. */
export const QUIZ_MIN_INTERVAL_MS = 5_000;
export const QUIZ_MAX_PER_HOUR = 30;
const HOUR_MS = 60 * 60 * 1000;

export interface QuizRef {
  courseId: string;
  lessonId: string;
  quizId: string;
}

const sameQuiz = (userId: number, ref: QuizRef) =>
  and(
    eq(quizAttempts.userId, userId),
    eq(quizAttempts.courseId, ref.courseId),
    eq(quizAttempts.lessonId, ref.lessonId),
    eq(quizAttempts.quizId, ref.quizId),
  );

export type AttemptRefusal = { reason: "throttled"; retryAt: Date } | { reason: "no-attempts-left" };

/** Why one more submission may not be recorded now, or null. Call inside the transaction that records it. */
export function attemptGate(
  db: Tx,
  userId: number,
  ref: QuizRef,
  settings: QuizSettings,
  now: number,
): AttemptRefusal | null {
  if (settings.attempts !== "unlimited") {
    const made = db.select({ n: count() }).from(quizAttempts).where(sameQuiz(userId, ref)).get()?.n ?? 0;
    if (made >= settings.attempts) return { reason: "no-attempts-left" };
  }
  const recent = db
    .select({ at: quizAttempts.submittedAt })
    .from(quizAttempts)
    .where(and(sameQuiz(userId, ref), gt(quizAttempts.submittedAt, new Date(now - HOUR_MS))))
    .orderBy(desc(quizAttempts.submittedAt))
    .limit(QUIZ_MAX_PER_HOUR)
    .all();
  const latest = recent[0]?.at.getTime();
  let retryAt =
    latest !== undefined && now - latest < QUIZ_MIN_INTERVAL_MS ? latest + QUIZ_MIN_INTERVAL_MS : 0;
  // The hourly window opens again when the oldest of the last QUIZ_MAX_PER_HOUR leaves it.
  const oldest = recent.length >= QUIZ_MAX_PER_HOUR ? recent[QUIZ_MAX_PER_HOUR - 1]?.at.getTime() : undefined;
  if (oldest !== undefined) retryAt = Math.max(retryAt, oldest + HOUR_MS);
  return retryAt > now ? { reason: "throttled", retryAt: new Date(retryAt) } : null;
}

export function insertAttempt(
  db: Tx,
  values: {
    userId: number;
    answers: Record<string, string[]>;
    correctCount: number;
    total: number;
    score: number;
    passed: boolean;
    submittedAt: Date;
  } & QuizRef,
): QuizAttempt {
  // With the person's quiz figures in the progress summaries, atomically (a savepoint inside a transaction).
  return db.transaction((tx) => {
    const attempt = tx.insert(quizAttempts).values(values).returning().get();
    recountQuizSummary(tx, values.userId, values.courseId);
    return attempt;
  });
}

/** All of a person's attempts in one course, oldest first. */
export function courseAttempts(db: Tx, userId: number, courseId: string): QuizAttempt[] {
  return courseAttemptStatement(db).all({ userId, courseId });
}

// Asked on every lesson view (the per-person state) and dashboard: prepared once per connection.
const courseAttemptStatement = perConnection((db) =>
  db
    .select()
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.userId, sql.placeholder("userId")),
        eq(quizAttempts.courseId, sql.placeholder("courseId")),
      ),
    )
    .orderBy(quizAttempts.submittedAt, quizAttempts.id)
    .prepare(),
);

export const quizKeyOf = (lessonId: string, quizId: string) => `${lessonId}\u0000${quizId}`;

/** Per quiz (keyed by quizKeyOf), the score that counts: the best or the last attempt's, as the course says. */
export function countedScores(
  attempts: readonly QuizAttempt[],
  counting: QuizSettings["counting"],
): Map<string, number> {
  const scores = new Map<string, number>();
  for (const attempt of attempts) {
    const key = quizKeyOf(attempt.lessonId, attempt.quizId);
    const previous = scores.get(key);
    // Attempts come oldest first, so for "last" the later one simply wins.
    scores.set(
      key,
      counting === "best" && previous !== undefined ? Math.max(previous, attempt.score) : attempt.score,
    );
  }
  return scores;
}

/** Whether a submission shows the correct options, given the course setting and whether the quiz is passed. */
export function revealsAnswers(reveal: QuizSettings["reveal"], passed: boolean): boolean {
  return reveal === "always" || (reveal === "after-pass" && passed);
}

/** The correct answers of a quiz in a shape fit for the browser; only ever sent after a submission. */
export function correctAnswers(key: QuizKey): RevealedAnswer[] {
  return key.questions.map((question: QuestionKey): RevealedAnswer => {
    if (question.type === "truefalse")
      return { id: question.id, type: "truefalse", correct: question.answer };
    if (question.type === "numeric")
      return { id: question.id, type: "numeric", correct: question.answer, tolerance: question.tolerance };
    return { id: question.id, type: question.type, correct: [...question.correct] };
  });
}
