import { sql } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { progressSummaries } from "~db/schema";

/**
 * How far a summary's last activity may lag reading time: a reading-time
 * batch moves it only when it is older than this, so the hottest write of
 * the app costs one primary-key probe and almost never a write. An hour is
 * nothing against the 7-day "inactive" figure the summaries serve.
 */
export const ACTIVITY_GRANULARITY_MS = 3_600_000;

/** The required lessons by course, from requiredLessonsJson(): sorted, one canonical JSON array per course. */
function requiredByCourse(requiredJson: string): Map<string, string> {
  const lessons = new Map<string, Set<string>>();
  for (const [courseId, lessonId] of JSON.parse(requiredJson) as [string, string][]) {
    const set = lessons.get(courseId) ?? new Set<string>();
    set.add(lessonId);
    lessons.set(courseId, set);
  }
  const canonical = new Map<string, string>();
  for (const [courseId, set] of lessons) canonical.set(courseId, JSON.stringify([...set].sort()));
  return canonical;
}
const NONE = "[]";

/**
 * Recounts one person's summary of one course from their progress rows (a
 * few dozen at most), exactly, against the stored required lessons. Called
 * after a lesson is opened or completed, so it also heals a summary that went
 * wrong.
 */
export function recountSummary(db: Tx, userId: number, courseId: string): void {
  db.run(sql`
    INSERT INTO progress_summaries (user_id, course_id, completed_required, last_active_at)
    SELECT p.user_id, p.course_id,
      count(CASE WHEN p.completed_at IS NOT NULL AND p.lesson_id IN (
        SELECT value FROM json_each(
          coalesce((SELECT required_lessons FROM progress_summary_rules WHERE course_id = ${courseId}), ${NONE}))
      ) THEN 1 END),
      max(p.last_seen_at)
    FROM lesson_progress p
    WHERE p.user_id = ${userId} AND p.course_id = ${courseId}
    GROUP BY p.user_id, p.course_id
    ON CONFLICT (user_id, course_id) DO UPDATE SET
      completed_required = excluded.completed_required, last_active_at = excluded.last_active_at`);
}

/**
 * Recounts every summary from lesson_progress in one pass and records the
 * required lessons it counted against: for a database whose summaries were
 * never built (the first start after the migration, the data generator).
 * Call inside an immediate transaction.
 */
export function rebuildProgressSummaries(db: Tx, requiredJson: string, now = Date.now()): void {
  const wanted = requiredByCourse(requiredJson);
  db.run(sql`DELETE FROM progress_summaries`);
  db.run(sql`DELETE FROM progress_summary_rules`);
  for (const [courseId, lessons] of wanted) recordRules(db, courseId, lessons, now);
  // The index on (user, course, lesson) hands rows over already grouped: no sort of the whole table.
  db.run(sql`
    WITH req AS MATERIALIZED (
      SELECT r.course_id, j.value AS lesson_id FROM progress_summary_rules r, json_each(r.required_lessons) j
    )
    INSERT INTO progress_summaries (user_id, course_id, completed_required, last_active_at)
    SELECT p.user_id, p.course_id,
      count(CASE WHEN p.completed_at IS NOT NULL AND req.lesson_id IS NOT NULL THEN 1 END),
      max(p.last_seen_at)
    FROM lesson_progress p
    LEFT JOIN req ON req.course_id = p.course_id AND req.lesson_id = p.lesson_id
    GROUP BY p.user_id, p.course_id`);
  // Courses without required lessons get their (empty) rules too, so a later change to them is noticed.
  db.run(sql`
    INSERT INTO progress_summary_rules (course_id, required_lessons, counted_at)
    SELECT course_id, ${NONE}, ${now} FROM (
      SELECT DISTINCT course_id FROM progress_summaries UNION SELECT DISTINCT course_id FROM cohorts)
    WHERE true
    ON CONFLICT (course_id) DO NOTHING`);
}

function recordRules(db: Tx, courseId: string, lessons: string, now: number) {
  db.run(sql`
    INSERT INTO progress_summary_rules (course_id, required_lessons, counted_at)
    VALUES (${courseId}, ${lessons}, ${now})
    ON CONFLICT (course_id) DO UPDATE SET
      required_lessons = excluded.required_lessons, counted_at = excluded.counted_at`);
}

/**
 * Recounts one course whose required lessons changed (or that was never
 * counted): every person with a summary of it or an enrolment in one of its
 * cohorts. Bounded by the course's learners, not by all progress.
 */
function recountCourse(db: Tx, courseId: string, lessons: string, now: number) {
  recordRules(db, courseId, lessons, now);
  db.run(sql`
    INSERT INTO progress_summaries (user_id, course_id, completed_required, last_active_at)
    SELECT p.user_id, p.course_id,
      count(CASE WHEN p.completed_at IS NOT NULL AND p.lesson_id IN (SELECT value FROM json_each(${lessons}))
        THEN 1 END),
      max(p.last_seen_at)
    FROM (
      SELECT user_id FROM progress_summaries WHERE course_id = ${courseId}
      UNION
      SELECT e.user_id FROM cohorts c JOIN enrolments e ON e.cohort_id = c.id WHERE c.course_id = ${courseId}
    ) who
    -- CROSS JOIN keeps this order (SQLite does not reorder it): each learner's rows by the
    -- progress index, rather than a scan of all progress probing the learners.
    CROSS JOIN lesson_progress p ON p.user_id = who.user_id AND p.course_id = ${courseId}
    GROUP BY p.user_id, p.course_id
    ON CONFLICT (user_id, course_id) DO UPDATE SET
      completed_required = excluded.completed_required, last_active_at = excluded.last_active_at`);
}

// The required lessons each connection last brought its summaries in line with: a request finds
// them current by comparing one string, without touching the database.
const syncedRules = new WeakMap<Tx, string>();

export type SyncResult = { kind: "current" } | { kind: "rebuilt" } | { kind: "recounted"; courses: string[] };

/**
 * Brings the summaries in line with content's required lessons: built in one
 * pass when never built, and each course whose required lessons differ from
 * what it was counted against recounted (a lesson removed from a course's
 * rules no longer counts). Run at start-up; also before the teacher's home
 * reads them, where it costs one string comparison unless content changed
 * (development recompiles content under a running server).
 */
export function syncProgressSummaries(db: Tx, requiredJson: string, now = Date.now()): SyncResult {
  if (syncedRules.get(db) === requiredJson) return { kind: "current" };
  const wanted = requiredByCourse(requiredJson);
  const result = db.transaction(
    (tx): SyncResult => {
      const stored = new Map(
        tx
          .all<{ courseId: string; requiredLessons: string }>(
            sql`SELECT course_id AS courseId, required_lessons AS requiredLessons FROM progress_summary_rules`,
          )
          .map((row) => [row.courseId, row.requiredLessons]),
      );
      if (stored.size === 0) {
        rebuildProgressSummaries(tx, requiredJson, now);
        return { kind: "rebuilt" };
      }
      const cohortCourses = tx
        .all<{ courseId: string }>(sql`SELECT DISTINCT course_id AS courseId FROM cohorts`)
        .map((row) => row.courseId);
      const courses = new Set([...wanted.keys(), ...stored.keys(), ...cohortCourses]);
      const changed = [...courses].filter(
        (courseId) => stored.get(courseId) !== (wanted.get(courseId) ?? NONE),
      );
      for (const courseId of changed) {
        const lessons = wanted.get(courseId) ?? NONE;
        // A counted course left with no required lessons (or gone from content) shows no progress, so
        // its counts are never read: record the rule, skip the recount. A server started on another
        // content folder (the bench's, a test's) would otherwise recount every learner of every course.
        // A course never counted is, whatever its rules: it may have progress without summaries.
        if (lessons === NONE && stored.has(courseId)) recordRules(tx, courseId, NONE, now);
        else recountCourse(tx, courseId, lessons, now);
      }
      return changed.length === 0 ? { kind: "current" } : { kind: "recounted", courses: changed };
    },
    { behavior: "immediate" },
  );
  syncedRules.set(db, requiredJson);
  return result;
}

/** Prepared once per connection by the reading-time batch (see ACTIVITY_GRANULARITY_MS). */
export function prepareActivityTouch(db: Tx) {
  return db
    .update(progressSummaries)
    .set({ lastActiveAt: sql`${sql.placeholder("at")}` })
    .where(
      sql`${progressSummaries.userId} = ${sql.placeholder("userId")}
        AND ${progressSummaries.courseId} = ${sql.placeholder("courseId")}
        AND ${progressSummaries.lastActiveAt} < ${sql.placeholder("staleBefore")}`,
    )
    .prepare();
}
