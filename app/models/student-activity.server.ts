import { and, eq } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { enrolments, users } from "~db/schema";
import type { CourseRules } from "./course-rules.server";
import { courseProgress } from "./progress.server";
import { courseAttempts } from "./quiz-attempts.server";

export type TimelineEvent =
  | { kind: "lesson-started" | "lesson-completed"; at: number; lessonId: string }
  | {
      kind: "quiz-submitted";
      at: number;
      lessonId: string;
      quizId: string;
      score: number;
      passed: boolean;
    };

/**
 * One student of one cohort as their teacher sees them: lessons with time
 * spent, and a timeline (newest first) of lessons started and completed and
 * quizzes submitted. Undefined unless the person is enrolled in the cohort
 * (in any state: a dropped student's history stays readable).
 */
export function studentActivity(db: Tx, cohortId: number, userId: number, rules: CourseRules) {
  const student = db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      studentNumber: users.studentNumber,
      role: users.role,
      status: enrolments.status,
      enrolledAt: enrolments.enrolledAt,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, userId)))
    .get();
  if (!student) return undefined;
  const listed = new Set(rules.lessons.map((lesson) => lesson.id));
  const progress = courseProgress(db, userId, rules.courseId).filter((row) => listed.has(row.lessonId));
  const attempts = courseAttempts(db, userId, rules.courseId).filter((row) => listed.has(row.lessonId));
  const rows = new Map(progress.map((row) => [row.lessonId, row]));
  const lessons = rules.lessons.map((lesson) => {
    const row = rows.get(lesson.id);
    return {
      lessonId: lesson.id,
      firstSeenAt: row?.firstSeenAt.getTime() ?? null,
      lastSeenAt: row?.lastSeenAt.getTime() ?? null,
      completedAt: row?.completedAt?.getTime() ?? null,
      seconds: row?.secondsSpent ?? 0,
      attempts: attempts.filter((a) => a.lessonId === lesson.id).length,
    };
  });
  const timeline: TimelineEvent[] = [
    ...progress.map((row) => ({
      kind: "lesson-started" as const,
      at: row.firstSeenAt.getTime(),
      lessonId: row.lessonId,
    })),
    ...progress.flatMap((row) =>
      row.completedAt
        ? [{ kind: "lesson-completed" as const, at: row.completedAt.getTime(), lessonId: row.lessonId }]
        : [],
    ),
    ...attempts.map((a) => ({
      kind: "quiz-submitted" as const,
      at: a.submittedAt.getTime(),
      lessonId: a.lessonId,
      quizId: a.quizId,
      score: a.score,
      passed: a.passed,
    })),
  ].sort((a, b) => b.at - a.at);
  return {
    student: { ...student, enrolledAt: student.enrolledAt.getTime() },
    lessons,
    totalSeconds: lessons.reduce((sum, lesson) => sum + lesson.seconds, 0),
    timeline,
  };
}
