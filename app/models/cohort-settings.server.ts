import { and, asc, eq, ne } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { type Cohort, cohortTeachers, cohorts, users } from "~db/schema";
import { type Actor, recordAudit } from "./audit.server";
import { containsAny } from "./search.server";

/** What a teacher may change about a cohort (its university is fixed: rosters and co-teachers hang on it). */
export interface CohortEdit {
  courseId: string;
  name: string;
  term: string;
  startsOn: string;
  endsOn: string;
  capacity: number | null;
}

const shown = ({ joinCode: _secret, ...rest }: Cohort) => rest;

/** Saves the edit, audited with before and after. Undefined for an unknown cohort. */
export function updateCohort(db: Db, actor: Actor, cohortId: number, edit: CohortEdit, now = Date.now()) {
  return db.transaction(
    (tx) => {
      const before = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
      if (!before) return undefined;
      const after = tx
        .update(cohorts)
        .set({ ...edit, updatedAt: new Date(now) })
        .where(eq(cohorts.id, cohortId))
        .returning()
        .get();
      recordAudit(tx, actor, {
        action: "cohort.update",
        targetType: "cohort",
        targetId: cohortId,
        before: shown(before),
        after: shown(after),
      });
      return after;
    },
    { behavior: "immediate" },
  );
}

/** Archives (the join code stops working, the cohort moves to the archived list) or unarchives it. */
export function setArchived(db: Db, actor: Actor, cohortId: number, archived: boolean, now = Date.now()) {
  return db.transaction(
    (tx) => {
      const before = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
      if (!before || (before.archivedAt !== null) === archived) return false;
      tx.update(cohorts)
        .set({ archivedAt: archived ? new Date(now) : null, updatedAt: new Date(now) })
        .where(eq(cohorts.id, cohortId))
        .run();
      recordAudit(tx, actor, {
        action: archived ? "cohort.archive" : "cohort.unarchive",
        targetType: "cohort",
        targetId: cohortId,
      });
      return true;
    },
    { behavior: "immediate" },
  );
}

/** The cohort's teachers, by name. */
export function cohortTeacherList(db: Tx, cohortId: number) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(cohortTeachers)
    .innerJoin(users, eq(users.id, cohortTeachers.userId))
    .where(eq(cohortTeachers.cohortId, cohortId))
    .orderBy(asc(users.name), asc(users.id))
    .all();
}

/** Teachers of the cohort's university who could be added, found by name or email (at most 20). */
export function coTeacherCandidates(db: Tx, cohort: { id: number; universityId: number }, q: string) {
  if (q === "") return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(
      and(
        eq(users.role, "teacher"),
        eq(users.universityId, cohort.universityId),
        containsAny(q, [users.name, users.email]),
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
    .limit(20)
    .all()
    .filter((teacher) => !isTeacherOf(db, teacher.id, cohort.id));
}

function isTeacherOf(db: Tx, userId: number, cohortId: number): boolean {
  return Boolean(
    db
      .select({ id: cohortTeachers.userId })
      .from(cohortTeachers)
      .where(and(eq(cohortTeachers.cohortId, cohortId), eq(cohortTeachers.userId, userId)))
      .get(),
  );
}

export type CoTeacherResult = "ok" | "not-eligible" | "already" | "not-teacher" | "last-teacher";

/**
 * Adds a co-teacher: an enabled teacher account of the cohort's own
 * university (a teacher cannot hand a cohort to another university's staff).
 */
export function addCoTeacher(db: Db, actor: Actor, cohortId: number, userId: number): CoTeacherResult {
  return db.transaction(
    (tx) => {
      const cohort = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
      const teacher = tx.select().from(users).where(eq(users.id, userId)).get();
      if (
        !cohort ||
        !teacher ||
        teacher.role !== "teacher" ||
        teacher.disabledAt !== null ||
        teacher.universityId !== cohort.universityId
      )
        return "not-eligible";
      if (isTeacherOf(tx, userId, cohortId)) return "already";
      tx.insert(cohortTeachers).values({ cohortId, userId }).run();
      recordAudit(tx, actor, {
        action: "cohort.add-teacher",
        targetType: "cohort",
        targetId: cohortId,
        after: { userId, email: teacher.email },
      });
      return "ok";
    },
    { behavior: "immediate" },
  );
}

/** Removes a teacher; the last one stays, so a cohort is never left without anyone to run it. */
export function removeCoTeacher(db: Db, actor: Actor, cohortId: number, userId: number): CoTeacherResult {
  return db.transaction(
    (tx) => {
      if (!isTeacherOf(tx, userId, cohortId)) return "not-teacher";
      const others = tx
        .select({ id: cohortTeachers.userId })
        .from(cohortTeachers)
        .where(and(eq(cohortTeachers.cohortId, cohortId), ne(cohortTeachers.userId, userId)))
        .all();
      if (others.length === 0) return "last-teacher";
      tx.delete(cohortTeachers)
        .where(and(eq(cohortTeachers.cohortId, cohortId), eq(cohortTeachers.userId, userId)))
        .run();
      recordAudit(tx, actor, {
        action: "cohort.remove-teacher",
        targetType: "cohort",
        targetId: cohortId,
        before: { userId },
      });
      return "ok";
    },
    { behavior: "immediate" },
  );
}
