import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { progressSummaries } from "~db/schema";

/**
 * How far a summary's last activity may lag reading time: a reading-time
 * batch moves it only when it is older than this, so the hottest write of
 * the app costs one primary-key probe and almost never a write. An hour is
 * nothing against the 7-day "inactive" figure the summaries serve.
 */
export const ACTIVITY_GRANULARITY_MS = 3_600_000;

/**
 * What summaries are counted against, as content defines it now (summaryRulesJson()):
 * the required lessons as `[courseId, lessonId]` and the quizzes as `[courseId, lessonId, quizId]`.
 */
export interface SummaryRulesInput {
  required: [string, string][];
  quizzes: [string, string, string][];
}

/** One course's rules as stored: sorted, canonical JSON, so comparing them is comparing strings. */
interface CourseRulesText {
  required: string;
  quizzes: string;
}
const NONE = "[]";

function rulesByCourse(rulesJson: string): Map<string, CourseRulesText> {
  const input = JSON.parse(rulesJson) as SummaryRulesInput;
  const lessons = new Map<string, Set<string>>();
  const quizzes = new Map<string, Map<string, [string, string]>>();
  for (const [courseId, lessonId] of input.required) {
    lessons.set(courseId, (lessons.get(courseId) ?? new Set<string>()).add(lessonId));
  }
  for (const [courseId, lessonId, quizId] of input.quizzes) {
    const listed = quizzes.get(courseId) ?? new Map<string, [string, string]>();
    listed.set(`${lessonId}\u0000${quizId}`, [lessonId, quizId]);
    quizzes.set(courseId, listed);
  }
  const canonical = new Map<string, CourseRulesText>();
  for (const courseId of new Set([...lessons.keys(), ...quizzes.keys()])) {
    const listed = quizzes.get(courseId);
    canonical.set(courseId, {
      required: JSON.stringify([...(lessons.get(courseId) ?? [])].sort()),
      quizzes: listed
        ? JSON.stringify([...listed.keys()].sort().map((key) => listed.get(key) as [string, string]))
        : NONE,
    });
  }
  return canonical;
}
const NO_RULES: CourseRulesText = { required: NONE, quizzes: NONE };
const sameRules = (a: CourseRulesText, b: CourseRulesText) =>
  a.required === b.required && a.quizzes === b.quizzes;

/**
 * Recounts one person's summary of one course from their progress rows (a
 * few dozen at most), exactly, against the stored required lessons. Called
 * after a lesson is opened or completed, so it also heals a summary that went
 * wrong. Leaves the quiz figures alone (recountQuizSummary).
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
 * Writes the quiz figures of the summaries of the attempts `scope` selects
 * (a condition on `quiz_attempts a`), against the quizzes each course's
 * stored rules list: per quiz the best score and the last one (latest
 * submission, then latest id, as countedScores() has it), summed over the
 * listed quizzes, and the latest submission of any quiz. Both sums are kept,
 * so a course changing between "best" and "last" needs no recount. A person
 * with attempts but no lesson progress gets a summary with last_active_at 0.
 */
function writeQuizFigures(db: Tx, scope: SQL, courseScope: SQL) {
  db.run(sql`
    WITH listed AS MATERIALIZED (
      SELECT r.course_id, j.value ->> 0 AS lesson_id, j.value ->> 1 AS quiz_id
      FROM progress_summary_rules r, json_each(r.listed_quizzes) j WHERE ${courseScope}
    ),
    per_quiz AS (
      SELECT a.user_id, a.course_id, a.lesson_id, a.quiz_id, max(a.score) AS best, max(a.submitted_at) AS at,
        (SELECT b.score FROM quiz_attempts b
         WHERE b.user_id = a.user_id AND b.course_id = a.course_id AND b.lesson_id = a.lesson_id
           AND b.quiz_id = a.quiz_id
         ORDER BY b.submitted_at DESC, b.id DESC LIMIT 1) AS last
      FROM quiz_attempts a WHERE ${scope}
      GROUP BY a.user_id, a.course_id, a.lesson_id, a.quiz_id
    )
    INSERT INTO progress_summaries
      (user_id, course_id, last_active_at, quiz_count, quiz_best_total, quiz_last_total, quiz_last_at)
    SELECT q.user_id, q.course_id, 0, count(l.quiz_id),
      coalesce(sum(CASE WHEN l.quiz_id IS NOT NULL THEN q.best END), 0),
      coalesce(sum(CASE WHEN l.quiz_id IS NOT NULL THEN q.last END), 0),
      max(q.at)
    FROM per_quiz q
    LEFT JOIN listed l ON l.course_id = q.course_id AND l.lesson_id = q.lesson_id AND l.quiz_id = q.quiz_id
    GROUP BY q.user_id, q.course_id
    ON CONFLICT (user_id, course_id) DO UPDATE SET
      quiz_count = excluded.quiz_count, quiz_best_total = excluded.quiz_best_total,
      quiz_last_total = excluded.quiz_last_total, quiz_last_at = excluded.quiz_last_at`);
}

/**
 * Recounts one person's quiz figures in one course from their attempts:
 * called in the transaction that records an attempt.
 */
export function recountQuizSummary(db: Tx, userId: number, courseId: string): void {
  writeQuizFigures(
    db,
    sql`a.user_id = ${userId} AND a.course_id = ${courseId}`,
    sql`r.course_id = ${courseId}`,
  );
}

/**
 * Recounts every summary from lesson_progress and quiz_attempts in one pass
 * and records the rules it counted against: for a database whose summaries
 * were never built (the first start after a migration, the data generator).
 * Call inside an immediate transaction.
 */
export function rebuildProgressSummaries(db: Tx, rulesJson: string, now = Date.now()): void {
  const wanted = rulesByCourse(rulesJson);
  db.run(sql`DELETE FROM progress_summaries`);
  db.run(sql`DELETE FROM progress_summary_rules`);
  for (const [courseId, rules] of wanted) recordRules(db, courseId, rules, now);
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
  writeQuizFigures(db, sql`1 = 1`, sql`1 = 1`);
  // Courses without rules get their (empty) rules too, so a later change to them is noticed.
  db.run(sql`
    INSERT INTO progress_summary_rules (course_id, required_lessons, listed_quizzes, counted_at)
    SELECT course_id, ${NONE}, ${NONE}, ${now} FROM (
      SELECT DISTINCT course_id FROM progress_summaries UNION SELECT DISTINCT course_id FROM cohorts)
    WHERE true
    ON CONFLICT (course_id) DO NOTHING`);
}

function recordRules(db: Tx, courseId: string, rules: CourseRulesText, now: number) {
  db.run(sql`
    INSERT INTO progress_summary_rules (course_id, required_lessons, listed_quizzes, counted_at)
    VALUES (${courseId}, ${rules.required}, ${rules.quizzes}, ${now})
    ON CONFLICT (course_id) DO UPDATE SET required_lessons = excluded.required_lessons,
      listed_quizzes = excluded.listed_quizzes, counted_at = excluded.counted_at`);
}

/**
 * Recounts one course whose rules changed (or that was never counted): every
 * person with a summary of it or an enrolment in one of its cohorts. Bounded
 * by the course's learners, not by all progress.
 */
function recountCourse(db: Tx, courseId: string, rules: CourseRulesText, now: number) {
  recordRules(db, courseId, rules, now);
  const learners = sql`
      SELECT user_id FROM progress_summaries WHERE course_id = ${courseId}
      UNION
      SELECT e.user_id FROM cohorts c JOIN enrolments e ON e.cohort_id = c.id WHERE c.course_id = ${courseId}`;
  db.run(sql`
    INSERT INTO progress_summaries (user_id, course_id, completed_required, last_active_at)
    SELECT p.user_id, p.course_id,
      count(CASE WHEN p.completed_at IS NOT NULL AND p.lesson_id IN (SELECT value FROM json_each(${rules.required}))
        THEN 1 END),
      max(p.last_seen_at)
    FROM (${learners}) who
    -- CROSS JOIN keeps this order (SQLite does not reorder it): each learner's rows by the
    -- progress index, rather than a scan of all progress probing the learners.
    CROSS JOIN lesson_progress p ON p.user_id = who.user_id AND p.course_id = ${courseId}
    GROUP BY p.user_id, p.course_id
    ON CONFLICT (user_id, course_id) DO UPDATE SET
      completed_required = excluded.completed_required, last_active_at = excluded.last_active_at`);
  writeQuizFigures(
    db,
    sql`a.course_id = ${courseId} AND a.user_id IN (${learners})`,
    sql`r.course_id = ${courseId}`,
  );
}

// The rules each connection last brought its summaries in line with: a request finds them current
// by comparing one string, without touching the database.
const syncedRules = new WeakMap<Tx, string>();

export type SyncResult = { kind: "current" } | { kind: "rebuilt" } | { kind: "recounted"; courses: string[] };

/**
 * Brings the summaries in line with content's required lessons and quizzes
 * (summaryRulesJson()): built in one pass when never built, and each course
 * whose rules differ from what it was counted against recounted (a lesson no
 * longer required, a quiz no longer listed, no longer counts). Run at
 * start-up; also before the teacher's pages read them, where it costs one
 * string comparison unless content changed (development recompiles content
 * under a running server).
 */
export function syncProgressSummaries(db: Tx, rulesJson: string, now = Date.now()): SyncResult {
  if (syncedRules.get(db) === rulesJson) return { kind: "current" };
  const wanted = rulesByCourse(rulesJson);
  const result = db.transaction(
    (tx): SyncResult => {
      const stored = new Map(
        tx
          .all<{ courseId: string; required: string; quizzes: string }>(
            sql`SELECT course_id AS courseId, required_lessons AS required, listed_quizzes AS quizzes
              FROM progress_summary_rules`,
          )
          .map((row) => [row.courseId, { required: row.required, quizzes: row.quizzes }]),
      );
      if (stored.size === 0) {
        rebuildProgressSummaries(tx, rulesJson, now);
        return { kind: "rebuilt" };
      }
      const cohortCourses = tx
        .all<{ courseId: string }>(sql`SELECT DISTINCT course_id AS courseId FROM cohorts`)
        .map((row) => row.courseId);
      const courses = new Set([...wanted.keys(), ...stored.keys(), ...cohortCourses]);
      const changed = [...courses].filter((courseId) => {
        const was = stored.get(courseId);
        return !was || !sameRules(was, wanted.get(courseId) ?? NO_RULES);
      });
      for (const courseId of changed) {
        const rules = wanted.get(courseId) ?? NO_RULES;
        // A counted course left with no rules (or gone from content) shows no progress, so its counts
        // are never read: record the rule, skip the recount. A server started on another content
        // folder (the bench's, a test's) would otherwise recount every learner of every course.
        // A course never counted is, whatever its rules: it may have progress without summaries.
        if (sameRules(rules, NO_RULES) && stored.has(courseId)) recordRules(tx, courseId, NO_RULES, now);
        else recountCourse(tx, courseId, rules, now);
      }
      return changed.length === 0 ? { kind: "current" } : { kind: "recounted", courses: changed };
    },
    { behavior: "immediate" },
  );
  syncedRules.set(db, rulesJson);
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
