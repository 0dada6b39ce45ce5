import { describe, expect, it } from "vitest";
import { summaryRulesFrom } from "./course-rules.server";
import { getDb } from "~db/client.server";
import { createTestUser } from "../../test/support/factories";
import { createTestCohort, testRules, progressQuery, recordTestAttempt } from "../../test/support/cohorts";
import { PROGRESS_PAGE_SIZE, PROGRESS_SORTS, type ProgressQuery, type ProgressSort } from "./cohort-progress";
import { type StudentProgress, allStudentProgress, progressMatrix } from "./cohort-progress.server";
import { joinCohort } from "./enrolment.server";
import { completeLesson, startLesson } from "./progress.server";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse("2026-03-20T04:00:00Z");
const rules = testRules();
const query = progressQuery;
const summaryRules = summaryRulesFrom([rules]);
// Two full pages and a bit: enough for a page boundary in the middle of every tie.
const SIZE = PROGRESS_PAGE_SIZE * 2 + 7;

/**
 * A lecture hall of SIZE students with few distinct figures, so most of them
 * tie on progress, quiz average and (per group of three) last activity:
 * paging must still put each of them on exactly one page.
 */
async function lectureHall() {
  const db = getDb();
  const cohort = createTestCohort();
  const ids: number[] = [];
  for (let i = 0; i < SIZE; i += 1) {
    // Names tie too (several "同名" students): the tie-break is the account, not the name.
    const user = await createTestUser({
      name: i % 4 === 0 ? "同名 学生" : `学生 ${String(i).padStart(3, "0")}`,
    });
    joinCohort(db, user.id, cohort.joinCode, NOW - 60 * DAY);
    ids.push(user.id);
    const at = NOW - (i % 3) * 10 * DAY - Math.floor(i / 3) * 1000 * (i % 2);
    if (i % 5 === 0) continue; // never started
    if (i % 5 >= 2) completeLesson(db, user.id, { courseId: rules.courseId, lessonId: "fx-one" }, at);
    else startLesson(db, user.id, { courseId: rules.courseId, lessonId: "fx-one" }, at);
    if (i % 5 === 4) {
      completeLesson(db, user.id, { courseId: rules.courseId, lessonId: "fx-two" }, at);
      recordTestAttempt(user.id, "fx-one", "q1", (i % 2) * 100, at, db);
    }
  }
  return { cohort, ids };
}

/** Every page of a query, in order, as one list. */
function allPages(cohortId: number, over: Partial<ProgressQuery>) {
  const first = progressMatrix(getDb(), cohortId, rules, summaryRules, query(over), NOW);
  const rows = [...first.rows];
  for (let page = 2; page <= first.pages; page += 1) {
    const next = progressMatrix(getDb(), cohortId, rules, summaryRules, query({ ...over, page }), NOW);
    expect(next.page).toBe(page);
    rows.push(...next.rows);
  }
  return { first, rows };
}

const figure = (sort: ProgressSort, row: StudentProgress) =>
  sort === "progress" ? row.percent : sort === "activity" ? row.lastActivity : row.quizAverage;

describe("paging the progress matrix over the whole cohort", () => {
  it("shows every student on exactly one page, whatever the sort, with ties broken the same way each time", async () => {
    const { cohort, ids } = await lectureHall();
    for (const sort of PROGRESS_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const { first, rows } = allPages(cohort.id, { sort, dir });
        expect(first).toMatchObject({ total: SIZE, pages: 3 });
        expect(first.rows).toHaveLength(PROGRESS_PAGE_SIZE);
        const seen = rows.map((row) => row.userId);
        expect(new Set(seen).size).toBe(SIZE);
        expect([...seen].sort((a, b) => a - b)).toEqual(ids);
        if (sort === "name") continue;
        // The order holds across page boundaries: figures never go back, missing ones come last.
        const figures = rows.map((row) => figure(sort, row));
        const present = figures.filter((value) => value !== null) as number[];
        expect(figures.slice(present.length).every((value) => value === null)).toBe(true);
        const sorted = [...present].sort((a, b) => (dir === "asc" ? a - b : b - a));
        expect(present).toEqual(sorted);
      }
    }
  });

  it("filters the whole cohort before paging, and counts each filter over the whole cohort", async () => {
    const { cohort } = await lectureHall();
    const notStarted = Math.ceil(SIZE / 5);
    const { first, rows } = allPages(cohort.id, { filter: "not-started" });
    expect(first.total).toBe(notStarted);
    expect(rows).toHaveLength(notStarted);
    expect(rows.every((row) => row.notStarted)).toBe(true);
    // A week's window: the students last seen 10 and 20 days ago, and everyone who never started.
    const atRisk = allPages(cohort.id, { filter: "at-risk", sort: "activity", dir: "desc" });
    expect(atRisk.first.pages).toBe(Math.ceil(atRisk.first.total / PROGRESS_PAGE_SIZE));
    expect(atRisk.rows).toHaveLength(atRisk.first.total);
    expect(atRisk.rows.every((row) => row.inactive || row.belowPassMark)).toBe(true);
    expect(atRisk.first.total).toBeGreaterThan(PROGRESS_PAGE_SIZE);
    expect(atRisk.first.counts).toEqual({
      all: SIZE,
      "at-risk": atRisk.first.total,
      "not-started": notStarted,
    });
    // The counts are the cohort's on every page, not the page's.
    const last = progressMatrix(
      getDb(),
      cohort.id,
      rules,
      summaryRules,
      query({ filter: "at-risk", page: 2 }),
      NOW,
    );
    expect(last.counts).toEqual(atRisk.first.counts);
  });

  it("gives each page's students their own lesson cells, on later pages too", async () => {
    const { cohort } = await lectureHall();
    const { rows } = allPages(cohort.id, { sort: "progress", dir: "desc" });
    const everyone = new Map(
      allStudentProgress(getDb(), cohort.id, rules, summaryRules, NOW).map((s) => [s.userId, s]),
    );
    for (const row of rows) {
      const whole = everyone.get(row.userId);
      expect(row.cells).toEqual(whole?.cells);
      expect(row.quizScores).toEqual(whole?.quizScores);
      expect(row.cells[0]?.state).toBe(
        row.notStarted ? "not-started" : row.completedRequired ? "complete" : "started",
      );
    }
  });

  it("answers a page past the end with the last page, and a search that finds nobody with one empty page", async () => {
    const { cohort } = await lectureHall();
    const past = progressMatrix(getDb(), cohort.id, rules, summaryRules, query({ page: 99 }), NOW);
    expect(past).toMatchObject({ page: 3, pages: 3, total: SIZE });
    expect(past.rows).toHaveLength(SIZE - 2 * PROGRESS_PAGE_SIZE);
    const nobody = progressMatrix(
      getDb(),
      cohort.id,
      rules,
      summaryRules,
      query({ q: "nobody-here", page: 5 }),
      NOW,
    );
    expect(nobody).toMatchObject({ page: 1, pages: 1, total: 0, rows: [] });
    expect(nobody.counts).toEqual({ all: 0, "at-risk": 0, "not-started": 0 });
  });

  it("keeps the exports complete: every student, never paged", async () => {
    const { cohort, ids } = await lectureHall();
    const everyone = allStudentProgress(getDb(), cohort.id, rules, summaryRules, NOW);
    expect(everyone.map((s) => s.userId).sort((a, b) => a - b)).toEqual(ids);
    expect(everyone.every((s) => s.cells.length === rules.lessons.length)).toBe(true);
  });
});

describe("searching the progress matrix", () => {
  it("matches name, student number or email, with % _ and \\ as plain characters", async () => {
    const db = getDb();
    const cohort = createTestCohort();
    const join = async (name: string, email?: string) => {
      const user = await createTestUser({ name, email });
      joinCohort(db, user.id, cohort.joinCode, NOW);
      return user.id;
    };
    const percent = await join("满分 100% 同学");
    const underscore = await join("a_b 同学");
    const lookalike = await join("axb 同学");
    const backslash = await join("back\\slash 同学");
    const mailed = await join("邮箱 同学", `odd%_\\mail-${process.pid}@test.example.edu`);
    const ids = (q: string) =>
      progressMatrix(db, cohort.id, rules, summaryRules, query({ q }), NOW)
        .rows.map((r) => r.userId)
        .sort((a, b) => a - b);
    expect(ids("%")).toEqual([percent, mailed]);
    expect(ids("100%")).toEqual([percent]);
    expect(ids("_")).toEqual([underscore, mailed]);
    expect(ids("a_b")).toEqual([underscore]);
    expect(ids("\\")).toEqual([backslash, mailed]);
    expect(ids("%_\\")).toEqual([mailed]);
    expect(ids("AXB")).toEqual([lookalike]);
    expect(ids("' or 1=1 --")).toEqual([]);
    expect(progressMatrix(db, cohort.id, rules, summaryRules, query({ q: "%" }), NOW).counts.all).toBe(2);
  });
});
