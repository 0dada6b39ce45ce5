import { type SQL, and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { enrolments, users } from "~db/schema";
import { type Actor, recordAudit } from "./audit.server";
import { paging } from "./paging.server";
import type { RosterSort, SortDirection } from "./roster-sort";
import { containsPattern } from "./search.server";
import { ROSTER_PAGE_SIZE, type StaffCohort } from "./teaching.server";

export interface RosterRow {
  userId: number;
  name: string;
  email: string;
  studentNumber: string | null;
  role: "student" | "teacher" | "admin";
  status: "active" | "completed" | "dropped";
  enrolledAt: number;
  lastActivity: number | null;
  /** Required lessons completed. */
  done: number;
}

// Sort keys are whitelisted here; the direction comes from a two-value union. Nothing user-typed reaches ORDER BY.
const ORDER: Record<RosterSort, { column: SQL; nullable: boolean }> = {
  name: { column: sql`name`, nullable: false },
  number: { column: sql`student_number`, nullable: true },
  enrolled: { column: sql`enrolled_at`, nullable: false },
  activity: { column: sql`last_activity`, nullable: true },
  progress: { column: sql`done`, nullable: false },
};

/** The cohort's learners with progress and last activity, as SQL over one cohort (a few hundred rows). */
function rosterRows(cohort: StaffCohort, requiredJson: string, q: string) {
  const pattern = containsPattern(q);
  return sql`
    WITH req AS (
      SELECT json_extract(value, '$[1]') AS lesson_id FROM json_each(${requiredJson})
      WHERE json_extract(value, '$[0]') = ${cohort.courseId}
    )
    SELECT u.id AS user_id, u.name AS name, u.email AS email, u.student_number AS student_number,
      u.role AS role, e.status AS status, e.enrolled_at AS enrolled_at,
      (SELECT max(p.last_seen_at) FROM lesson_progress p
       WHERE p.user_id = u.id AND p.course_id = ${cohort.courseId}) AS last_activity,
      (SELECT count(*) FROM lesson_progress p JOIN req ON req.lesson_id = p.lesson_id
       WHERE p.user_id = u.id AND p.course_id = ${cohort.courseId} AND p.completed_at IS NOT NULL) AS done
    FROM enrolments e JOIN users u ON u.id = e.user_id
    WHERE e.cohort_id = ${cohort.id}
      AND (${q === "" ? 1 : 0} = 1 OR u.name LIKE ${pattern} ESCAPE '\\' OR u.email LIKE ${pattern} ESCAPE '\\'
        OR u.student_number LIKE ${pattern} ESCAPE '\\')`;
}

interface RawRow {
  user_id: number;
  name: string;
  email: string;
  student_number: string | null;
  role: RosterRow["role"];
  status: RosterRow["status"];
  enrolled_at: number;
  last_activity: number | null;
  done: number;
}

const toRow = (raw: RawRow): RosterRow => ({
  userId: raw.user_id,
  name: raw.name,
  email: raw.email,
  studentNumber: raw.student_number,
  role: raw.role,
  status: raw.status,
  enrolledAt: raw.enrolled_at,
  lastActivity: raw.last_activity,
  done: raw.done,
});

function requiredCount(cohort: StaffCohort, requiredJson: string): number {
  const pairs = JSON.parse(requiredJson) as [string, string][];
  return pairs.filter(([course]) => course === cohort.courseId).length;
}

/** One page of the roster, searched, sorted (ties by name, then id) and paged by 50. */
export function rosterPage(
  db: Tx,
  cohort: StaffCohort,
  input: { q: string; page: number; sort: RosterSort; dir: SortDirection; requiredJson: string },
) {
  const base = rosterRows(cohort, input.requiredJson, input.q);
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${base})`)?.n ?? 0;
  const at = paging(total, input.page, ROSTER_PAGE_SIZE);
  const direction = input.dir === "desc" ? sql`DESC` : sql`ASC`;
  const { column, nullable } = ORDER[input.sort];
  // Students without a number or without any activity stay last whichever the direction.
  const order = nullable ? sql`${column} IS NULL, ${column} ${direction}` : sql`${column} ${direction}`;
  const rows = db
    .all<RawRow>(sql`SELECT * FROM (${base}) ORDER BY ${order}, name ASC, user_id ASC
      LIMIT ${at.limit} OFFSET ${at.offset}`)
    .map(toRow);
  return { rows, total, page: at.page, pages: at.pages, required: requiredCount(cohort, input.requiredJson) };
}

/** Every learner of the cohort, by name, for the roster export. */
export function rosterForExport(db: Tx, cohort: StaffCohort, requiredJson: string) {
  const rows = db
    .all<RawRow>(sql`SELECT * FROM (${rosterRows(cohort, requiredJson, "")}) ORDER BY name, user_id`)
    .map(toRow);
  return { rows, required: requiredCount(cohort, requiredJson) };
}

export type RosterChange = "drop" | "restore";

/**
 * Drops a learner (they keep their history but lose lesson access, which only
 * active and completed enrolments give) or restores them to where they were.
 * Audited in the same transaction. False when they are not in this cohort or
 * already in the asked state.
 */
export function changeEnrolment(
  db: Db,
  actor: Actor,
  input: { cohortId: number; userId: number; change: RosterChange },
  now = Date.now(),
): boolean {
  return db.transaction(
    (tx) => {
      const where = and(eq(enrolments.cohortId, input.cohortId), eq(enrolments.userId, input.userId));
      const before = tx.select().from(enrolments).where(where).get();
      if (!before) return false;
      const dropping = input.change === "drop";
      if (dropping === (before.status === "dropped")) return false;
      const status = dropping ? "dropped" : before.completedAt ? "completed" : "active";
      tx.update(enrolments)
        .set({ status, droppedAt: dropping ? new Date(now) : null, updatedAt: new Date(now) })
        .where(where)
        .run();
      recordAudit(tx, actor, {
        action: dropping ? "enrolment.drop" : "enrolment.restore",
        targetType: "enrolment",
        targetId: before.id,
        before: { cohortId: input.cohortId, userId: input.userId, status: before.status },
        after: { cohortId: input.cohortId, userId: input.userId, status },
      });
      return true;
    },
    { behavior: "immediate" },
  );
}

/** A user's display name within the cohort (for messages), or undefined when not enrolled there. */
export function learnerName(db: Tx, cohortId: number, userId: number): string | undefined {
  return db
    .select({ name: users.name })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.cohortId, cohortId), eq(enrolments.userId, userId)))
    .get()?.name;
}
