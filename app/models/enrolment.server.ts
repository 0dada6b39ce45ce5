import { creditLaterJoiner } from "./grants.server";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type Db, type Tx, perConnection } from "~db/client.server";
import { type Cohort, type Enrolment, cohortTeachers, cohorts, enrolments, users } from "~db/schema";
import type { RoleName } from "~/auth/permissions";
import { calendarDay } from "~/utils/calendar-day";
import type { Actor } from "./audit.server";
import { lookupJoinCode, seatsTaken, teachesCourse } from "./cohorts.server";
import { createResetToken } from "./password-reset.server";

export type JoinFailure = "unknown" | "rotated" | "expired" | "ended" | "full" | "dropped";
export type JoinResult =
  | { ok: true; cohort: Cohort; enrolment: Enrolment; alreadyEnrolled: boolean }
  | { ok: false; reason: JoinFailure };

/**
 * Enrols a person with a join code. Each refusal has its own reason; joining
 * again is harmless (the existing enrolment comes back). One immediate
 * transaction plus the unique (user, cohort) index: concurrent joins from any
 * number of processes never make two rows or overfill a cohort.
 */
export function joinCohort(db: Db, userId: number, code: string, now = Date.now()): JoinResult {
  return db.transaction((tx) => joinInTransaction(tx, userId, code, now), { behavior: "immediate" });
}

/** joinCohort's work, for callers that enrol inside a transaction of their own (sign-up). */
export function joinInTransaction(tx: Tx, userId: number, code: string, now: number): JoinResult {
  const found = lookupJoinCode(tx, code, now, calendarDay(now));
  if (found.status !== "open") return { ok: false, reason: found.status };
  const { cohort } = found;
  const existing = findEnrolment(tx, userId, cohort.id);
  if (existing) {
    // A teacher dropped them: only the teacher restores, a code does not.
    if (existing.status === "dropped") return { ok: false, reason: "dropped" };
    return { ok: true, cohort, enrolment: existing, alreadyEnrolled: true };
  }
  if (cohort.capacity !== null && seatsTaken(tx, cohort.id) >= cohort.capacity) {
    return { ok: false, reason: "full" };
  }
  const enrolment = tx
    .insert(enrolments)
    .values({ userId, cohortId: cohort.id, status: "active", enrolledAt: new Date(now) })
    .returning()
    .get();
  creditLaterJoiner(tx, userId, cohort.id, now);
  return { ok: true, cohort, enrolment, alreadyEnrolled: false };
}

export function findEnrolment(db: Tx, userId: number, cohortId: number): Enrolment | undefined {
  return db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.cohortId, cohortId)))
    .get();
}

/** The person's enrolments in cohorts of one course that still give access (active or completed), newest first. */
export function courseEnrolments(db: Tx, userId: number, courseId: string) {
  return db
    .select({ enrolment: enrolments, cohort: cohorts })
    .from(enrolments)
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .where(
      and(
        eq(enrolments.userId, userId),
        eq(cohorts.courseId, courseId),
        inArray(enrolments.status, ["active", "completed"]),
      ),
    )
    .orderBy(enrolments.enrolledAt)
    .all()
    .reverse();
}

export type CourseAccess = "learner" | "teacher" | "admin" | null;

// Asked on every lesson view (page, HTML, assets): one prepared statement per connection,
// not a query built and compiled per request.
const learnerLookup = perConnection((db) =>
  db
    .select({ id: enrolments.id })
    .from(enrolments)
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .where(
      and(
        eq(enrolments.userId, sql.placeholder("userId")),
        eq(cohorts.courseId, sql.placeholder("courseId")),
        inArray(enrolments.status, ["active", "completed"]),
      ),
    )
    .limit(1)
    .prepare(),
);

/** Whether the person is enrolled (active or completed) in any cohort of the course. */
function readsAsLearner(db: Db, userId: number, courseId: string): boolean {
  return learnerLookup(db).get({ userId, courseId }) !== undefined;
}

/**
 * Who may read a course's lessons: admins, teachers of any cohort of the
 * course, and people enrolled (active or completed) in one. A teacher who
 * joined another course's cohort as a learner reads that course as a learner.
 */
export function courseAccess(db: Db, viewer: { id: number; role: RoleName }, courseId: string): CourseAccess {
  if (viewer.role === "admin") return "admin";
  if (readsAsLearner(db, viewer.id, courseId)) return "learner";
  if (viewer.role === "teacher" && teachesCourse(db, viewer.id, courseId)) return "teacher";
  return null;
}

/**
 * Whether `studentId` is a student account enrolled (in any state) in a cohort
 * `teacherId` teaches: the scope within which a teacher may act for a student.
 * Staff who joined a cohort as learners are never in it (a teacher must not
 * reset an admin's password).
 */
export function teachesStudent(db: Tx, teacherId: number, studentId: number): boolean {
  return Boolean(
    db
      .select({ id: enrolments.id })
      .from(enrolments)
      .innerJoin(cohortTeachers, eq(cohortTeachers.cohortId, enrolments.cohortId))
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(
        and(
          eq(enrolments.userId, studentId),
          eq(cohortTeachers.userId, teacherId),
          eq(users.role, "student"),
        ),
      )
      .limit(1)
      .get(),
  );
}

/**
 * A one-time reset link for a student of one of the teacher's cohorts
 * (students have no email delivery yet: they ask their teacher). Audited.
 * Null when the student is not theirs, so a forged id changes nothing.
 */
export function issueStudentResetLink(
  db: Db,
  teacher: Actor & { id: number },
  studentId: number,
): string | null {
  return db.transaction(
    (tx) => (teachesStudent(tx, teacher.id, studentId) ? createResetToken(tx, teacher, studentId) : null),
    { behavior: "immediate" },
  );
}
