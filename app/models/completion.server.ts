import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { type Certificate, type QuizAttempt, certificates, enrolments } from "~db/schema";
import type { GradedQuiz } from "~/courseware/types";
import { newCertificateId } from "./certificates.server";
import type { CourseRules } from "./course-rules.server";
import { courseEnrolments } from "./enrolment.server";
import { completeLesson, courseProgress, startLesson } from "./progress.server";
import {
  type AttemptRefusal,
  attemptGate,
  countedScores,
  courseAttempts,
  insertAttempt,
  quizKeyOf,
} from "./quiz-attempts.server";

export interface Completion {
  requiredLessons: number;
  completedRequired: number;
  /** Average counted score over the quizzes of required lessons (never submitted = 0); null when there are none. */
  quizAverage: number | null;
  /** Whether the quiz average matters under this course's certificate rule. */
  quizzesCount: boolean;
  met: boolean;
}

/**
 * The course's rule applied to one person, by stable ids. Lessons content no
 * longer lists keep their rows but are not looked at.
 */
export function courseCompletion(db: Tx, userId: number, rules: CourseRules): Completion {
  const done = new Set(
    courseProgress(db, userId, rules.courseId)
      .filter((row) => row.completedAt)
      .map((row) => row.lessonId),
  );
  const required = rules.lessons.filter((lesson) => lesson.required);
  const completedRequired = required.filter((lesson) => done.has(lesson.id)).length;
  const scores = countedScores(courseAttempts(db, userId, rules.courseId), rules.quizzes.counting);
  const quizKeys = required.flatMap((lesson) => lesson.quizIds.map((quizId) => quizKeyOf(lesson.id, quizId)));
  const quizAverage =
    quizKeys.length === 0
      ? null
      : quizKeys.reduce((sum, key) => sum + (scores.get(key) ?? 0), 0) / quizKeys.length;
  const quizzesCount = rules.certificate === "required-lessons-and-quizzes";
  const met =
    completedRequired === required.length &&
    (!quizzesCount || quizAverage === null || quizAverage >= rules.passMark);
  return { requiredLessons: required.length, completedRequired, quizAverage, quizzesCount, met };
}

/**
 * Issues the course certificate once the rule is met, for the person's newest
 * cohort of the course, and marks that enrolment completed. Exactly once: the
 * unique (user, course) index turns a second issuance into a no-op and the
 * existing certificate comes back. Call inside an immediate transaction.
 */
export function settleCompletion(
  db: Tx,
  userId: number,
  rules: CourseRules,
  now: number,
): Certificate | null {
  const existing = db
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.courseId, rules.courseId)))
    .get();
  if (existing) return existing;
  const [newest] = courseEnrolments(db, userId, rules.courseId);
  if (!newest || !courseCompletion(db, userId, rules).met) return null;
  const issued = db
    .insert(certificates)
    .values({
      id: newCertificateId(),
      userId,
      courseId: rules.courseId,
      cohortId: newest.cohort.id,
      issuedAt: new Date(now),
    })
    .onConflictDoNothing()
    .returning()
    .get();
  db.update(enrolments)
    .set({ status: "completed", completedAt: new Date(now), updatedAt: new Date(now) })
    .where(and(eq(enrolments.id, newest.enrolment.id), eq(enrolments.status, "active")))
    .run();
  return issued ?? null;
}

/**
 * Joining can finish a course at once: lessons done before joining, or the
 * whole course done in another cohort of it. Settles like any progress event
 * and, when the rule is met, marks the joined enrolment completed too, even
 * if the one certificate came from the earlier cohort.
 */
export function settleAfterJoin(
  db: Db,
  userId: number,
  rules: CourseRules,
  enrolmentId: number,
  now = Date.now(),
): Certificate | null {
  return db.transaction(
    (tx) => {
      const certificate = settleCompletion(tx, userId, rules, now);
      if (certificate && courseCompletion(tx, userId, rules).met) {
        tx.update(enrolments)
          .set({ status: "completed", completedAt: new Date(now), updatedAt: new Date(now) })
          .where(and(eq(enrolments.id, enrolmentId), eq(enrolments.status, "active")))
          .run();
      }
      return certificate;
    },
    { behavior: "immediate" },
  );
}

function lessonRule(rules: CourseRules, lessonId: string) {
  return rules.lessons.find((lesson) => lesson.id === lessonId);
}

/** Opening a lesson starts it. Undefined for a lesson the course does not list. */
export function openLesson(db: Db, userId: number, rules: CourseRules, lessonId: string, now = Date.now()) {
  if (!lessonRule(rules, lessonId)) return undefined;
  return startLesson(db, userId, { courseId: rules.courseId, lessonId }, now);
}

/** "Mark as complete": completes the lesson and issues the certificate if that finishes the course. */
export function markLessonComplete(
  db: Db,
  userId: number,
  rules: CourseRules,
  lessonId: string,
  now = Date.now(),
) {
  if (!lessonRule(rules, lessonId)) return undefined;
  return db.transaction(
    (tx) => {
      const progress = completeLesson(tx, userId, { courseId: rules.courseId, lessonId }, now);
      return { progress, certificate: settleCompletion(tx, userId, rules, now) };
    },
    { behavior: "immediate" },
  );
}

export type SubmitResult =
  | {
      ok: true;
      attempt: QuizAttempt;
      /** Whether this quiz now has a passing attempt (this one or an earlier one). */
      quizPassed: boolean;
      lessonCompleted: boolean;
      certificate: Certificate | null;
    }
  | ({ ok: false } & AttemptRefusal)
  | { ok: false; reason: "unknown-quiz" };

/**
 * Records a graded submission: refused while throttled or when the attempts
 * allowed are used up; otherwise stored, and when every quiz of the lesson is
 * passed the lesson completes, which may complete the course. One immediate
 * transaction, so a double-click is one attempt plus one throttled refusal.
 */
export function submitQuizAttempt(
  db: Db,
  input: {
    userId: number;
    rules: CourseRules;
    lessonId: string;
    graded: GradedQuiz;
    answers: Record<string, string[]>;
  },
  now = Date.now(),
): SubmitResult {
  const { userId, rules, lessonId, graded } = input;
  const lesson = lessonRule(rules, lessonId);
  if (!lesson?.quizIds.includes(graded.quizId)) return { ok: false, reason: "unknown-quiz" };
  const ref = { courseId: rules.courseId, lessonId, quizId: graded.quizId };
  return db.transaction(
    (tx): SubmitResult => {
      const refusal = attemptGate(tx, userId, ref, rules.quizzes, now);
      if (refusal) return { ok: false, ...refusal };
      const attempt = insertAttempt(tx, {
        userId,
        ...ref,
        answers: input.answers,
        correctCount: graded.correctCount,
        total: graded.total,
        score: graded.percent,
        passed: graded.percent >= rules.passMark,
        submittedAt: new Date(now),
      });
      const passedQuizzes = new Set(
        courseAttempts(tx, userId, rules.courseId)
          .filter((a) => a.lessonId === lessonId && a.passed)
          .map((a) => a.quizId),
      );
      const lessonCompleted = lesson.quizIds.every((quizId) => passedQuizzes.has(quizId));
      if (lessonCompleted) completeLesson(tx, userId, { courseId: rules.courseId, lessonId }, now);
      return {
        ok: true,
        attempt,
        quizPassed: passedQuizzes.has(graded.quizId),
        lessonCompleted,
        certificate: settleCompletion(tx, userId, rules, now),
      };
    },
    { behavior: "immediate" },
  );
}

export type LessonState = "not-started" | "started" | "complete";

export interface CourseStatus {
  lessons: { id: string; slug: string; state: LessonState; secondsSpent: number }[];
  /** Counted score per quiz, keyed by quizKeyOf(lessonId, quizId). */
  scores: Map<string, number>;
  completion: Completion;
  /** The lesson seen most recently, to continue from. */
  lastLessonSlug: string | null;
  certificate: Certificate | null;
}

/** One person's standing in one course, by stable ids, shown against the course's current lessons. */
export function courseStatus(db: Tx, userId: number, rules: CourseRules): CourseStatus {
  const rows = new Map(courseProgress(db, userId, rules.courseId).map((row) => [row.lessonId, row]));
  const lessons = rules.lessons.map((lesson) => {
    const row = rows.get(lesson.id);
    const state: LessonState = row?.completedAt ? "complete" : row ? "started" : "not-started";
    return { id: lesson.id, slug: lesson.slug, state, secondsSpent: row?.secondsSpent ?? 0 };
  });
  const seen = rules.lessons
    .map((lesson) => ({ slug: lesson.slug, at: rows.get(lesson.id)?.lastSeenAt.getTime() ?? -1 }))
    .filter((entry) => entry.at >= 0)
    .sort((x, y) => y.at - x.at);
  const certificate =
    db
      .select()
      .from(certificates)
      .where(and(eq(certificates.userId, userId), eq(certificates.courseId, rules.courseId)))
      .get() ?? null;
  return {
    lessons,
    scores: countedScores(courseAttempts(db, userId, rules.courseId), rules.quizzes.counting),
    completion: courseCompletion(db, userId, rules),
    lastLessonSlug: seen[0]?.slug ?? null,
    certificate,
  };
}
