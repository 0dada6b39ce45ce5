import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { enrolments } from "~db/schema";
import { createTestUniversity, createTestUser } from "../../test/support/factories";
import { createTestCohort } from "../../test/support/cohorts";
import { setArchived } from "./cohort-settings.server";
import { courseAccess, joinCohort } from "./enrolment.server";
import { completeLesson, startLesson } from "./progress.server";
import { changeEnrolment, rosterPage } from "./roster.server";
import { staffCohortHome } from "./teach-home.server";
import { cohortForStaff } from "./teaching.server";

const DAY = 86_400_000;
const actor = { id: null, label: "test" };
// Two required lessons in the fixture course, one optional one that never counts.
const requiredJson = JSON.stringify([
  ["fixture-course", "fx-one"],
  ["fixture-course", "fx-two"],
]);
const summaryRules = JSON.stringify({ required: JSON.parse(requiredJson), quizzes: [] });
const ref = (lessonId: string) => ({ courseId: "fixture-course", lessonId });

describe("the teacher workspace home and roster", () => {
  it("show enrolment, average progress over required lessons and inactive students, scoped to the viewer", async () => {
    const db = getDb();
    const now = Date.now();
    const teacher = await createTestUser({ role: "teacher" });
    const admin = await createTestUser({ role: "admin" });
    const other = await createTestUser({ role: "teacher" });
    const cohort = createTestCohort({ name: `统计班 ${teacher.id}`, teacherIds: [teacher.id] });
    const archived = createTestCohort({ name: `旧班 ${teacher.id}`, teacherIds: [teacher.id] });
    setArchived(db, actor, archived.id, true);
    const [busy, idle, gone] = [await createTestUser(), await createTestUser(), await createTestUser()];
    for (const s of [busy, idle, gone]) joinCohort(db, s.id, cohort.joinCode, now - 30 * DAY);
    completeLesson(db, busy.id, ref("fx-one"), now - DAY);
    completeLesson(db, busy.id, ref("fx-two"), now - DAY);
    completeLesson(db, busy.id, ref("fx-three"), now - DAY);
    startLesson(db, idle.id, ref("fx-one"), now - 10 * DAY);
    changeEnrolment(db, actor, { cohortId: cohort.id, userId: gone.id, change: "drop" });

    const home = staffCohortHome(db, teacher, { archived: false, q: "", page: 1, summaryRules, now });
    expect(home.cohorts).toEqual([
      expect.objectContaining({ id: cohort.id, enrolled: 2, progress: 0.5, inactive: 1, archived: false }),
    ]);
    expect([home.total, home.otherTotal]).toEqual([1, 1]);
    const old = staffCohortHome(db, teacher, { archived: true, q: "", page: 1, summaryRules, now });
    expect(old.cohorts.map((c) => c.id)).toEqual([archived.id]);
    expect(
      staffCohortHome(db, other, { archived: false, q: "", page: 1, summaryRules, now }).cohorts,
    ).toEqual([]);
    const search = staffCohortHome(db, admin, {
      archived: false,
      q: `统计班 ${teacher.id}`,
      page: 1,
      summaryRules,
      now,
    });
    expect(search.cohorts.map((c) => c.id)).toEqual([cohort.id]);
    expect(cohortForStaff(db, other, cohort.id)).toBeUndefined();
    expect(cohortForStaff(db, admin, cohort.id)?.id).toBe(cohort.id);
    expect(cohortForStaff(db, { id: busy.id, role: "student" }, cohort.id)).toBeUndefined();
  });

  it("sort the roster by progress and last activity; a dropped student loses lesson access until restored", async () => {
    const db = getDb();
    const university = createTestUniversity();
    const teacher = await createTestUser({ role: "teacher" });
    const cohort = createTestCohort({ universityId: university.id, teacherIds: [teacher.id] });
    const scoped = cohortForStaff(db, teacher, cohort.id);
    if (!scoped) throw new Error("teacher cannot see their cohort");
    const [a, b, c] = [
      await createTestUser({ name: "甲" }),
      await createTestUser({ name: "乙" }),
      await createTestUser({ name: "丙" }),
    ];
    for (const s of [a, b, c]) joinCohort(db, s.id, cohort.joinCode);
    completeLesson(db, b.id, ref("fx-one"), 1_000);
    completeLesson(db, b.id, ref("fx-two"), 2_000);
    startLesson(db, c.id, ref("fx-one"), 3_000);
    const names = (sort: "progress" | "activity", dir: "asc" | "desc") =>
      rosterPage(db, scoped, { q: "", page: 1, sort, dir, requiredJson }).rows.map((r) => r.name);
    // Ties (no required lesson done) fall back to the name, in code-point order: 丙 (U+4E19) before 甲 (U+7532).
    expect(names("progress", "desc")).toEqual(["乙", "丙", "甲"]);
    expect(names("activity", "desc")).toEqual(["丙", "乙", "甲"]);
    expect(names("activity", "asc")).toEqual(["乙", "丙", "甲"]);
    expect(rosterPage(db, scoped, { q: "", page: 1, sort: "name", dir: "asc", requiredJson }).required).toBe(
      2,
    );

    expect(courseAccess(db, { id: a.id, role: "student" }, "fixture-course")).toBe("learner");
    expect(changeEnrolment(db, actor, { cohortId: cohort.id, userId: a.id, change: "drop" })).toBe(true);
    expect(changeEnrolment(db, actor, { cohortId: cohort.id, userId: a.id, change: "drop" })).toBe(false);
    expect(courseAccess(db, { id: a.id, role: "student" }, "fixture-course")).toBeNull();
    expect(changeEnrolment(db, actor, { cohortId: cohort.id, userId: a.id, change: "restore" })).toBe(true);
    expect(courseAccess(db, { id: a.id, role: "student" }, "fixture-course")).toBe("learner");
    expect(db.select().from(enrolments).where(eq(enrolments.userId, a.id)).get()).toMatchObject({
      status: "active",
      droppedAt: null,
    });
  });
});
