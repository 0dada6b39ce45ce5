import { describe, expect, it } from "vitest";
import { summaryRulesFrom } from "./course-rules.server";
import { getDb } from "~db/client.server";
import { enrolments } from "~db/schema";
import { eq } from "drizzle-orm";
import { createTestUser } from "../../test/support/factories";
import { createTestCohort, recordTestAttempt, testRules, progressQuery } from "../../test/support/cohorts";
import { PROGRESS_PAGE_SIZE, type ProgressQuery, parseProgressQuery } from "./cohort-progress";
import { allStudentProgress, progressMatrix } from "./cohort-progress.server";
import { viewableCohort } from "./cohort-workspace.server";
import { joinCohort } from "./enrolment.server";
import { completeLesson, startLesson } from "./progress.server";

const DAY = 24 * 60 * 60 * 1000;
// A Friday, noon in Shanghai.
const NOW = Date.parse("2026-03-20T04:00:00Z");
const rules = testRules();
const query = progressQuery;
const summaryRules = summaryRulesFrom([rules]);

const attempt = recordTestAttempt;

/** Four students: keen (all done, good scores), struggling (low score), idle (started a month ago), new (never started). */
async function classroom() {
  const db = getDb();
  const teacher = await createTestUser({ role: "teacher" });
  const cohort = createTestCohort({ teacherIds: [teacher.id] });
  const join = async (name: string, number: string, at: number) => {
    const user = await createTestUser({ name });
    joinCohort(db, user.id, cohort.joinCode, at);
    if (number) db.run(`update users set student_number = '${number}' where id = ${user.id}`);
    return user;
  };
  const keen = await join("甲 Keen", "2024001", NOW - 40 * DAY);
  const struggling = await join("乙 Struggling", "2024002", NOW - 40 * DAY);
  const idle = await join("丙 Idle", "2024003", NOW - 40 * DAY);
  const fresh = await join("丁 New", "", NOW - 1 * DAY);
  const dropped = await join("戊 Dropped", "2024005", NOW - 40 * DAY);
  db.update(enrolments).set({ status: "dropped" }).where(eq(enrolments.userId, dropped.id)).run();

  for (const lessonId of ["fx-one", "fx-two", "fx-three"]) {
    completeLesson(db, keen.id, { courseId: rules.courseId, lessonId }, NOW - 2 * DAY);
  }
  attempt(keen.id, "fx-one", "q1", 60, NOW - 3 * DAY);
  attempt(keen.id, "fx-one", "q1", 100, NOW - 2 * DAY);
  attempt(keen.id, "fx-two", "q2", 80, NOW - 2 * DAY);

  startLesson(db, struggling.id, { courseId: rules.courseId, lessonId: "fx-one" }, NOW - 5 * DAY);
  attempt(struggling.id, "fx-one", "q1", 40, NOW - 1 * DAY);

  startLesson(db, idle.id, { courseId: rules.courseId, lessonId: "fx-two" }, NOW - 30 * DAY);
  // Another course's progress never leaks into this one.
  startLesson(db, idle.id, { courseId: "other-course", lessonId: "fx-one" }, NOW - 1 * DAY);
  return { teacher, cohort, keen, struggling, idle, fresh, dropped };
}

describe("the cohort progress matrix", () => {
  it("shows each lesson's state and quiz score, progress, last activity and quiz average", async () => {
    const { cohort, keen, struggling, idle, fresh } = await classroom();
    const matrix = progressMatrix(getDb(), cohort.id, rules, summaryRules, query(), NOW);
    // Chinese names in pinyin order (bing, ding, jia, yi), as a Chinese teacher's list reads.
    expect(matrix.rows.map((r) => r.name)).toEqual(["丙 Idle", "丁 New", "甲 Keen", "乙 Struggling"]);
    const row = (id: number) => matrix.rows.find((r) => r.userId === id)!;
    expect(row(keen.id)).toMatchObject({
      cells: [
        { state: "complete", score: 100 },
        { state: "complete", score: 80 },
        { state: "complete", score: null },
      ],
      completedRequired: 2,
      requiredLessons: 2,
      percent: 100,
      lastActivity: NOW - 2 * DAY,
      quizAverage: 90,
      quizScores: [100, 80, null],
      inactive: false,
      belowPassMark: false,
      notStarted: false,
    });
    expect(row(struggling.id)).toMatchObject({
      cells: [{ state: "started", score: 40 }, { state: "not-started" }, { state: "not-started" }],
      percent: 0,
      lastActivity: NOW - 1 * DAY,
      quizAverage: 40,
      belowPassMark: true,
      inactive: false,
    });
    expect(row(idle.id)).toMatchObject({ lastActivity: NOW - 30 * DAY, inactive: true, quizAverage: null });
    expect(row(fresh.id)).toMatchObject({ lastActivity: null, notStarted: true, inactive: false });
    expect(matrix.counts).toEqual({ all: 4, "at-risk": 2, "not-started": 1 });
  });

  it("counts the last attempt instead of the best when the course says so", async () => {
    const { cohort, keen } = await classroom();
    const last = testRules({ quizzes: { reveal: "always", attempts: "unlimited", counting: "last" } });
    attempt(keen.id, "fx-one", "q1", 50, NOW - 1 * DAY);
    const row = progressMatrix(getDb(), cohort.id, last, summaryRulesFrom([last]), query(), NOW).rows.find(
      (r) => r.userId === keen.id,
    );
    expect(row?.cells[0]?.score).toBe(50);
    expect(row?.quizAverage).toBe(65);
  });

  it("filters at-risk students by the teacher's inactivity window or the pass mark, and not-started ones", async () => {
    const { cohort, struggling, idle, fresh } = await classroom();
    const ids = (over: Partial<ProgressQuery>) =>
      progressMatrix(getDb(), cohort.id, rules, summaryRules, query(over), NOW).rows.map((r) => r.userId);
    expect(ids({ filter: "at-risk" })).toEqual([idle.id, struggling.id]);
    // Within a 60-day window the idle student is not at risk any more; with 1 day the new one still is not (joined a day ago).
    expect(ids({ filter: "at-risk", inactiveDays: 60 })).toEqual([struggling.id]);
    expect(ids({ filter: "at-risk", inactiveDays: 1 })).toContain(struggling.id);
    expect(ids({ filter: "not-started" })).toEqual([fresh.id]);
  });

  it("sorts by progress, last activity and quiz average, missing figures last either way", async () => {
    const { cohort, keen, struggling, idle, fresh } = await classroom();
    const ids = (over: Partial<ProgressQuery>) =>
      progressMatrix(getDb(), cohort.id, rules, summaryRules, query(over), NOW).rows.map((r) => r.userId);
    expect(ids({ sort: "activity", dir: "desc" })).toEqual([struggling.id, keen.id, idle.id, fresh.id]);
    expect(ids({ sort: "activity", dir: "asc" })).toEqual([idle.id, keen.id, struggling.id, fresh.id]);
    expect(ids({ sort: "quiz", dir: "desc" })).toEqual([keen.id, struggling.id, idle.id, fresh.id]);
    expect(ids({ sort: "progress", dir: "desc" })[0]).toBe(keen.id);
    expect(ids({ sort: "name", dir: "desc" })).toEqual([struggling.id, keen.id, fresh.id, idle.id]);
  });

  it("searches by name or student number (wildcards literal) and leaves dropped students out", async () => {
    const { cohort, struggling, dropped } = await classroom();
    const ids = (q: string) =>
      progressMatrix(getDb(), cohort.id, rules, summaryRules, query({ q }), NOW).rows.map((r) => r.userId);
    expect(ids("2024002")).toEqual([struggling.id]);
    expect(ids("struggling")).toEqual([struggling.id]);
    expect(ids("%")).toEqual([]);
    expect(ids("2024005")).toEqual([]);
    expect(
      allStudentProgress(getDb(), cohort.id, rules, summaryRules, NOW).map((r) => r.userId),
    ).not.toContain(dropped.id);
  });

  it(`pages by ${PROGRESS_PAGE_SIZE}, clamping a page past the end`, async () => {
    const db = getDb();
    const cohort = createTestCohort();
    for (let i = 0; i < PROGRESS_PAGE_SIZE + 2; i += 1) {
      const user = await createTestUser({ name: `学生 ${String(i).padStart(3, "0")}` });
      joinCohort(db, user.id, cohort.joinCode, NOW);
    }
    const second = progressMatrix(db, cohort.id, rules, summaryRules, query({ page: 9 }), NOW);
    expect(second).toMatchObject({ page: 2, pages: 2, total: PROGRESS_PAGE_SIZE + 2 });
    expect(second.rows.map((r) => r.name)).toEqual(["学生 050", "学生 051"]);
  });

  it("reads its GET form leniently: unknown values fall back to the defaults", () => {
    const parse = (search: string) => parseProgressQuery(new URLSearchParams(search), "", 1);
    expect(parse("")).toMatchObject({ sort: "name", dir: "asc", filter: "all", inactiveDays: 7 });
    expect(parse("sort=activity&filter=at-risk&days=14")).toMatchObject({
      sort: "activity",
      dir: "desc",
      filter: "at-risk",
      inactiveDays: 14,
    });
    expect(parse("sort=__proto__&dir=sideways&filter=constructor&days=1e9")).toMatchObject({
      sort: "name",
      dir: "asc",
      filter: "all",
      inactiveDays: 7,
    });
    expect(parse("days=-3").inactiveDays).toBe(7);
    expect(parse("days=2.5").inactiveDays).toBe(7);
  });
});

describe("who may look into a cohort", () => {
  it("its teachers and admins; any other teacher or id finds nothing", async () => {
    const db = getDb();
    const teacher = await createTestUser({ role: "teacher" });
    const other = await createTestUser({ role: "teacher" });
    const admin = await createTestUser({ role: "admin" });
    const cohort = createTestCohort({ teacherIds: [teacher.id] });
    expect(viewableCohort(db, teacher, cohort.id)?.id).toBe(cohort.id);
    expect(viewableCohort(db, admin, cohort.id)?.id).toBe(cohort.id);
    expect(viewableCohort(db, other, cohort.id)).toBeUndefined();
    expect(viewableCohort(db, admin, 987_654)).toBeUndefined();
  });
});
