import { cpSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { scanContent } from "~/courseware/content-index.server";
import { createTestUser } from "../../test/support/factories";
import { createTestCohort, graded, testRules } from "../../test/support/cohorts";
import { courseRules } from "./course-rules.server";
import { courseStatus, markLessonComplete, openLesson, submitQuizAttempt } from "./completion.server";
import { joinCohort } from "./enrolment.server";
import {
  MAX_BATCH_SECONDS,
  addLessonTime,
  courseProgress,
  findProgress,
  startLesson,
} from "./progress.server";

const ref = { courseId: "fixture-course", lessonId: "fx-one" };

describe("lesson progress", () => {
  it("starts on first opening and keeps the first time; completing twice keeps the first completion", async () => {
    const db = getDb();
    const student = await createTestUser();
    const t0 = Date.parse("2026-11-30T01:00:00Z");
    startLesson(db, student.id, ref, t0);
    const again = startLesson(db, student.id, ref, t0 + 60_000);
    expect(again.firstSeenAt.getTime()).toBe(t0);
    expect(again.lastSeenAt.getTime()).toBe(t0 + 60_000);
    expect(again.completedAt).toBeNull();
    const rules = testRules();
    markLessonComplete(db, student.id, rules, "fx-one", t0 + 120_000);
    markLessonComplete(db, student.id, rules, "fx-one", t0 + 180_000);
    expect(findProgress(db, student.id, ref)?.completedAt?.getTime()).toBe(t0 + 120_000);
    expect(courseProgress(db, student.id, "fixture-course")).toHaveLength(1);
  });

  it("refuses lessons the course does not list (a forged lesson id records nothing)", async () => {
    const db = getDb();
    const student = await createTestUser();
    expect(openLesson(db, student.id, testRules(), "not-a-lesson")).toBeUndefined();
    expect(markLessonComplete(db, student.id, testRules(), "not-a-lesson")).toBeUndefined();
    expect(courseProgress(db, student.id, "fixture-course")).toEqual([]);
  });

  it("counts reading time in bounded batches, never more than the time that passed", async () => {
    const db = getDb();
    const student = await createTestUser();
    const t0 = Date.parse("2026-11-30T01:00:00Z");
    expect(addLessonTime(db, student.id, ref, 30, t0)).toBe(0);
    startLesson(db, student.id, ref, t0);
    expect(addLessonTime(db, student.id, ref, 30, t0 + 30_000)).toBe(30);
    // A replayed or inflated batch one second later adds only the second (plus a little slack).
    expect(addLessonTime(db, student.id, ref, 60, t0 + 31_000)).toBeLessThanOrEqual(6);
    // An open tab overnight still sends at most one batch's worth.
    expect(addLessonTime(db, student.id, ref, MAX_BATCH_SECONDS, t0 + 12 * 3600_000)).toBe(MAX_BATCH_SECONDS);
    for (const bad of [0, -5, 61, 1.5, Number.NaN, 1e308]) {
      expect(() => addLessonTime(db, student.id, ref, bad, t0 + 13 * 3600_000)).toThrow(RangeError);
    }
    const spent = findProgress(db, student.id, ref)?.secondsSpent ?? 0;
    expect(spent).toBeGreaterThanOrEqual(90);
    expect(spent).toBeLessThanOrEqual(96);
  });
});

/** A copy of the fixture content that a test may rename and reorder. */
function contentCopy() {
  const root = mkdtempSync(path.resolve("test/.tmp/content-"));
  cpSync("test/fixtures/content", root, { recursive: true });
  return root;
}
const fixtureQuizzes: Record<string, string[]> = { "fixture-basics": ["check"], "fixture-next": ["recap"] };
function rulesIn(root: string) {
  const course = scanContent(root).index.courses.find((c) => c.meta.id === "fixture-course");
  if (!course) throw new Error("fixture course missing");
  return courseRules(course, (lesson) => fixtureQuizzes[lesson.id] ?? []);
}

describe("progress keyed by stable ids", () => {
  it("survives renaming and reordering lesson folders", async () => {
    const db = getDb();
    const root = contentCopy();
    const student = await createTestUser();
    const cohort = createTestCohort();
    joinCohort(db, student.id, cohort.joinCode);
    const before = rulesIn(root);
    expect(before.lessons.map((l) => l.slug)).toEqual(["01-basics", "02-next"]);
    openLesson(db, student.id, before, "fixture-next");
    const submitted = submitQuizAttempt(db, {
      userId: student.id,
      rules: before,
      lessonId: "fixture-basics",
      graded: graded("check", 100),
      answers: {},
    });
    expect(submitted).toMatchObject({ ok: true, lessonCompleted: true });
    const statusBefore = courseStatus(db, student.id, before);
    expect(statusBefore.completion.met).toBe(true);

    // Rename the folder and list it second.
    const courseDir = path.join(root, "courses", "fixture-course");
    renameSync(path.join(courseDir, "01-basics"), path.join(courseDir, "09-basics-renamed"));
    const yml = path.join(courseDir, "course.yml");
    writeFileSync(
      yml,
      readFileSync(yml, "utf8").replace(
        "  - 01-basics\n  - 02-next\n",
        "  - 02-next\n  - 09-basics-renamed\n",
      ),
    );
    const after = rulesIn(root);
    expect(after.lessons.map((l) => l.slug)).toEqual(["02-next", "09-basics-renamed"]);
    const statusAfter = courseStatus(db, student.id, after);
    expect(statusAfter.completion).toEqual(statusBefore.completion);
    expect(statusAfter.lessons.map((l) => [l.slug, l.state])).toEqual([
      ["02-next", "started"],
      ["09-basics-renamed", "complete"],
    ]);
    expect([...statusAfter.scores.values()]).toEqual([100]);
  });

  it("keeps the history of a lesson removed from content, which then no longer counts", async () => {
    const db = getDb();
    const student = await createTestUser();
    const rules = testRules({ certificate: "required-lessons" });
    markLessonComplete(db, student.id, rules, "fx-one");
    markLessonComplete(db, student.id, rules, "fx-two");
    expect(courseStatus(db, student.id, rules).completion.met).toBe(true);

    const edited = testRules({
      certificate: "required-lessons",
      lessons: [
        { id: "fx-one", slug: "01-one", required: true, quizIds: [] },
        { id: "fx-four", slug: "04-four", required: true, quizIds: [] },
      ],
    });
    const status = courseStatus(db, student.id, edited);
    expect(status.completion).toMatchObject({ requiredLessons: 2, completedRequired: 1, met: false });
    expect(status.lessons.map((l) => l.id)).toEqual(["fx-one", "fx-four"]);
    expect(
      courseProgress(db, student.id, "fixture-course")
        .map((r) => r.lessonId)
        .sort(),
    ).toEqual(["fx-one", "fx-two"]);
  });
});
