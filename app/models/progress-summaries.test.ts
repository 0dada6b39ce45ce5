import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Db, getDb, openDatabase } from "~db/client.server";
import { databasePath } from "~db/paths.server";
import { lessonProgress, progressSummaries } from "~db/schema";
import { graded, createTestCohort, recordTestAttempt, testRules } from "../../test/support/cohorts";
import { createTestUniversity, createTestUser } from "../../test/support/factories";
import { cohortStudentSummaries } from "./cohort-progress.server";
import { submitQuizAttempt } from "./completion.server";
import { joinCohort } from "./enrolment.server";
import { addLessonTime, completeLesson, startLesson } from "./progress.server";
import { ACTIVITY_GRANULARITY_MS, syncProgressSummaries } from "./progress-summaries.server";
import { courseAttempts, countedScores, quizKeyOf } from "./quiz-attempts.server";
import { changeEnrolment } from "./roster.server";
import { applyImport, previewImport } from "./roster-import.server";
import { type HomeCohort, staffCohortHome } from "./teach-home.server";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const actor = { id: null, label: "test" };
const fixture = (lessonId: string) => ({ courseId: "fixture-course", lessonId });
const second = (lessonId: string) => ({ courseId: "second-course", lessonId });
// As summaryRulesJson() writes them: required lessons, and the fixture course's three quizzes.
const FIXTURE_QUIZZES = [
  ["fixture-course", "fx-one", "q1"],
  ["fixture-course", "fx-two", "q2"],
  ["fixture-course", "fx-three", "q3"],
];
const required = (pairs: [string, string][]) => JSON.stringify({ required: pairs, quizzes: FIXTURE_QUIZZES });
const requiredPairs = (rules: string) => JSON.stringify(JSON.parse(rules).required);
// As content lists them: fx-three is optional; second-course has one required lesson.
const rulesNow = required([
  ["fixture-course", "fx-one"],
  ["fixture-course", "fx-two"],
  ["second-course", "s-one"],
]);
// A deploy later: fx-two is no longer required, second-course gained a required lesson.
const rulesLater = required([
  ["fixture-course", "fx-one"],
  ["second-course", "s-one"],
  ["second-course", "s-two"],
]);

/**
 * The home's figures as they were computed before progress summaries existed,
 * straight from lesson_progress (kept here as the oracle).
 */
function oracle(db: Db, cohortIds: number[], requiredJson: string, now: number) {
  const since = now - 7 * DAY;
  const rows = db.all<{
    id: number;
    enrolled: number;
    active: number;
    done: number | null;
    inactive: number;
    required: number;
  }>(sql`
    WITH page AS (SELECT id, course_id FROM cohorts WHERE id IN (SELECT value FROM json_each(${JSON.stringify(cohortIds)}))),
    req AS MATERIALIZED (
      SELECT json_extract(value, '$[0]') AS course_id, json_extract(value, '$[1]') AS lesson_id
      FROM json_each(${requiredJson})
    ),
    req_count AS (SELECT course_id, count(*) AS n FROM req GROUP BY course_id),
    learner AS (
      SELECT e.cohort_id, e.status, e.enrolled_at,
        (SELECT count(*) FROM req r JOIN lesson_progress p
           ON p.user_id = e.user_id AND p.course_id = r.course_id AND p.lesson_id = r.lesson_id
         WHERE r.course_id = page.course_id AND p.completed_at IS NOT NULL) AS done,
        (SELECT max(p.last_seen_at) FROM lesson_progress p
         WHERE p.user_id = e.user_id AND p.course_id = page.course_id) AS last_seen
      FROM page JOIN enrolments e ON e.cohort_id = page.id
      WHERE e.status <> 'dropped'
    ),
    stats AS (
      SELECT cohort_id, count(*) AS enrolled, sum(status = 'active') AS active,
        sum(CASE WHEN status = 'active' THEN done END) AS done,
        sum(status = 'active' AND max(coalesce(last_seen, 0), enrolled_at) < ${since}) AS inactive
      FROM learner GROUP BY cohort_id
    )
    SELECT page.id AS id, coalesce(stats.enrolled, 0) AS enrolled, coalesce(stats.active, 0) AS active,
      stats.done AS done, coalesce(stats.inactive, 0) AS inactive, coalesce(req_count.n, 0) AS required
    FROM page LEFT JOIN stats ON stats.cohort_id = page.id LEFT JOIN req_count ON req_count.course_id = page.course_id
    ORDER BY page.id`);
  return rows.map((row) => ({
    id: row.id,
    enrolled: row.enrolled,
    progress: row.active > 0 && row.required > 0 ? (row.done ?? 0) / (row.active * row.required) : null,
    inactive: row.inactive,
  }));
}

const figures = (cohorts: HomeCohort[]) =>
  cohorts
    .map(({ id, enrolled, progress, inactive }) => ({ id, enrolled, progress, inactive }))
    .sort((a, b) => a.id - b.id);

describe("progress summaries behind the teacher's home", () => {
  it("give the figures the old per-progress-row query gave, through every kind of change", async () => {
    const db = getDb();
    const now = Date.now();
    const university = createTestUniversity();
    const teacher = await createTestUser({ role: "teacher" });
    const a = createTestCohort({ universityId: university.id, teacherIds: [teacher.id] });
    const b = createTestCohort({ universityId: university.id, teacherIds: [teacher.id] });
    const c = createTestCohort({
      universityId: university.id,
      teacherIds: [teacher.id],
      courseId: "second-course",
    });
    const ids = [a.id, b.id, c.id];
    let rules = rulesNow;
    const check = (label: string) => {
      const home = staffCohortHome(db, teacher, {
        archived: false,
        q: "",
        page: 1,
        summaryRules: rules,
        now,
      });
      expect(figures(home.cohorts), label).toEqual(oracle(db, ids, requiredPairs(rules), now));
    };
    const student = () => createTestUser({ universityId: university.id });
    const [opener, finisher, quizzer, reader] = [
      await student(),
      await student(),
      await student(),
      await student(),
    ];
    const [twoCohorts, dropped, newcomer] = [await student(), await student(), await student()];
    for (const s of [opener, finisher, quizzer, reader, twoCohorts, dropped])
      joinCohort(db, s.id, a.joinCode, now - 30 * DAY);
    joinCohort(db, twoCohorts.id, c.joinCode, now - 30 * DAY);
    joinCohort(db, reader.id, b.joinCode, now - 30 * DAY);
    joinCohort(db, newcomer.id, b.joinCode, now - DAY);
    check("enrolled, no progress yet");

    startLesson(db, opener.id, fixture("fx-one"), now - 8 * DAY);
    completeLesson(db, finisher.id, fixture("fx-one"), now - 9 * DAY);
    completeLesson(db, finisher.id, fixture("fx-three"), now - 2 * DAY);
    completeLesson(db, twoCohorts.id, second("s-one"), now - 3 * DAY);
    startLesson(db, twoCohorts.id, fixture("fx-two"), now - 12 * DAY);
    // Opened again, earlier than before (a replayed request): last activity follows the rows exactly.
    startLesson(db, opener.id, fixture("fx-one"), now - 9 * DAY);
    check("lessons opened and completed");

    for (const lessonId of ["fx-one", "fx-two"]) {
      const quizId = lessonId === "fx-one" ? "q1" : "q2";
      const result = submitQuizAttempt(
        db,
        {
          userId: quizzer.id,
          rules: testRules(),
          lessonId,
          graded: graded(quizId, 100),
          answers: { a: ["1"] },
        },
        now - 4 * DAY + (lessonId === "fx-one" ? 0 : HOUR),
      );
      expect(result.ok && result.lessonCompleted).toBe(true);
    }
    check("quizzes passed, the course completed (enrolment completed)");

    startLesson(db, reader.id, fixture("fx-one"), now - 10 * DAY);
    check("a reader inactive for ten days");
    expect(addLessonTime(db, reader.id, fixture("fx-one"), 30, now - DAY)).toBe(30);
    check("reading time makes them active again");

    changeEnrolment(db, actor, { cohortId: a.id, userId: dropped.id, change: "drop" });
    completeLesson(db, dropped.id, fixture("fx-one"), now - DAY);
    check("dropped, progress while dropped");
    changeEnrolment(db, actor, { cohortId: a.id, userId: dropped.id, change: "restore" });
    check("restored");

    // An existing account with progress from another cohort of the course, and a new account.
    const returning = await createTestUser({ universityId: university.id });
    completeLesson(db, returning.id, fixture("fx-two"), now - 20 * DAY);
    const csv = new TextEncoder().encode(
      `学号,姓名,邮箱\r\nR${returning.id},回来的,${returning.email}\r\nN${returning.id},新来的,new${returning.id}@example.edu\r\n`,
    );
    const preview = previewImport(db, b, csv);
    if (!preview.ok) throw new Error("preview refused");
    expect(applyImport(db, actor, b, csv, preview.hash, now - 8 * DAY).ok).toBe(true);
    check("roster imported");

    rules = rulesLater;
    check("a deploy changed the required lessons");
    rules = rulesNow;
    check("and changed them back");
    rules = required([["fixture-course", "fx-one"]]);
    check("a course gone from content");
    rules = rulesNow;
    check("and back");

    // The first start after the migration: progress but no summaries, written in bulk.
    db.insert(lessonProgress)
      .values({
        userId: newcomer.id,
        ...fixture("fx-two"),
        firstSeenAt: new Date(now - DAY),
        lastSeenAt: new Date(now - DAY),
        completedAt: new Date(now - DAY),
      })
      .run();
    db.run(sql`DELETE FROM progress_summaries`);
    db.run(sql`DELETE FROM progress_summary_rules`);
    // A new process's connection, as after a restart: the running one believes its summaries current.
    const restarted = openDatabase(databasePath());
    expect(syncProgressSummaries(restarted, rulesNow).kind).toBe("rebuilt");
    restarted.$client.close();
    check("built from scratch");
  });

  it("recount only the courses whose required lessons changed, and once", async () => {
    const db = getDb();
    const student = await createTestUser();
    completeLesson(db, student.id, second("s-two"), Date.now());
    syncProgressSummaries(db, rulesNow);
    const summary = () =>
      db
        .select()
        .from(progressSummaries)
        .where(and(eq(progressSummaries.userId, student.id), eq(progressSummaries.courseId, "second-course")))
        .get()?.completedRequired;
    expect(summary()).toBe(0);
    expect(syncProgressSummaries(db, rulesLater)).toEqual({
      kind: "recounted",
      courses: ["fixture-course", "second-course"],
    });
    expect(summary()).toBe(1);
    expect(syncProgressSummaries(db, rulesLater)).toEqual({ kind: "current" });
  });

  it("move last activity for reading time at most once an hour", async () => {
    const db = getDb();
    const student = await createTestUser();
    const t0 = Date.now() - 3 * DAY;
    startLesson(db, student.id, fixture("fx-one"), t0);
    const lastActive = () =>
      db
        .select()
        .from(progressSummaries)
        .where(
          and(eq(progressSummaries.userId, student.id), eq(progressSummaries.courseId, "fixture-course")),
        )
        .get()
        ?.lastActiveAt.getTime();
    addLessonTime(db, student.id, fixture("fx-one"), 30, t0 + 30_000);
    expect(lastActive()).toBe(t0);
    addLessonTime(db, student.id, fixture("fx-one"), 30, t0 + ACTIVITY_GRANULARITY_MS - 1);
    expect(lastActive()).toBe(t0);
    addLessonTime(db, student.id, fixture("fx-one"), 30, t0 + ACTIVITY_GRANULARITY_MS + 30_000);
    expect(lastActive()).toBe(t0 + ACTIVITY_GRANULARITY_MS + 30_000);
  });

  it("keep each person's quiz figures as their attempts count them, best and last, over the listed quizzes", async () => {
    const db = getDb();
    const t0 = Date.now() - 5 * DAY;
    const rules = testRules();
    const cohort = createTestCohort();
    const [keen, quizOnly] = [await createTestUser(), await createTestUser()];
    joinCohort(db, keen.id, cohort.joinCode, t0 - DAY);
    joinCohort(db, quizOnly.id, cohort.joinCode, t0 - DAY);
    syncProgressSummaries(db, rulesNow);
    const attempt = recordTestAttempt;
    startLesson(db, keen.id, fixture("fx-one"), t0);
    attempt(keen.id, "fx-one", "q1", 60, t0 + 1000);
    attempt(keen.id, "fx-one", "q1", 40, t0 + 2000);
    attempt(keen.id, "fx-two", "q2", 90, t0 + 3000);
    // Two submissions in the same millisecond: the later one (by id) is the last, as countedScores() says.
    attempt(keen.id, "fx-three", "q3", 50, t0 + 4000);
    attempt(keen.id, "fx-three", "q3", 30, t0 + 4000);
    // A quiz content never listed keeps its history but counts for nothing.
    attempt(keen.id, "fx-one", "retired", 100, t0 + 5000);
    attempt(quizOnly.id, "fx-two", "q2", 80, t0 + 6000);

    const summary = (userId: number) =>
      db
        .select()
        .from(progressSummaries)
        .where(and(eq(progressSummaries.userId, userId), eq(progressSummaries.courseId, "fixture-course")))
        .get();
    /** The figures from the raw attempts, as the learner's dashboard counts them (the oracle). */
    const fromAttempts = (userId: number, listed: string[]) => {
      const attempts = courseAttempts(db, userId, "fixture-course");
      const total = (counting: "best" | "last") =>
        [...countedScores(attempts, counting)]
          .filter(([key]) => listed.includes(key))
          .reduce((sum, [, score]) => sum + score, 0);
      return {
        quizCount: [...countedScores(attempts, "best").keys()].filter((key) => listed.includes(key)).length,
        quizBestTotal: total("best"),
        quizLastTotal: total("last"),
        quizLastAt: new Date(Math.max(...attempts.map((a) => a.submittedAt.getTime()))),
      };
    };
    const all = [quizKeyOf("fx-one", "q1"), quizKeyOf("fx-two", "q2"), quizKeyOf("fx-three", "q3")];
    expect(summary(keen.id)).toMatchObject({
      ...fromAttempts(keen.id, all),
      quizCount: 3,
      quizBestTotal: 200,
    });
    expect(summary(keen.id)?.quizLastTotal).toBe(160);
    expect(summary(quizOnly.id)).toMatchObject({
      ...fromAttempts(quizOnly.id, all),
      lastActiveAt: new Date(0),
    });

    // The matrix reads them: best or last as the course counts, activity from lessons and quizzes.
    const row = (counting: "best" | "last", userId: number) =>
      cohortStudentSummaries(db, cohort.id, {
        rules: testRules({ quizzes: { ...rules.quizzes, counting } }),
        now: t0 + DAY,
        inactiveDays: 7,
      }).find((s) => s.userId === userId);
    expect(row("best", keen.id)).toMatchObject({
      quizAverage: 67,
      lastActivity: t0 + 5000,
      notStarted: false,
    });
    expect(row("last", keen.id)?.quizAverage).toBe(53);
    expect(row("best", quizOnly.id)).toMatchObject({
      quizAverage: 80,
      lastActivity: t0 + 6000,
      completedRequired: 0,
    });

    // A deploy drops q3 from the course: its score no longer counts, for everyone, after one recount.
    const withoutQ3 = JSON.stringify({
      required: JSON.parse(rulesNow).required,
      quizzes: FIXTURE_QUIZZES.filter(([, , quizId]) => quizId !== "q3"),
    });
    expect(syncProgressSummaries(db, withoutQ3)).toEqual({ kind: "recounted", courses: ["fixture-course"] });
    expect(summary(keen.id)).toMatchObject(fromAttempts(keen.id, all.slice(0, 2)));
    expect(summary(keen.id)).toMatchObject({ quizCount: 2, quizBestTotal: 150, quizLastTotal: 130 });
  });
});
