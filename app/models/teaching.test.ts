import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { createTestUser } from "../../test/support/factories";
import { createTestCohort } from "../../test/support/cohorts";
import { joinCohort } from "./enrolment.server";
import { ROSTER_PAGE_SIZE, cohortRoster, taughtCohort, teacherCohorts } from "./teaching.server";

describe("a teacher's cohorts and rosters", () => {
  it("list only the teacher's own cohorts, each with its head count", async () => {
    const db = getDb();
    const teacher = await createTestUser({ role: "teacher" });
    const colleague = await createTestUser({ role: "teacher" });
    const mine = createTestCohort({ name: "我的班", teacherIds: [teacher.id] });
    const theirs = createTestCohort({ name: "别人的班", teacherIds: [colleague.id] });
    const student = await createTestUser();
    joinCohort(db, student.id, mine.joinCode);

    expect(teacherCohorts(db, teacher.id).map((c) => [c.name, c.enrolled])).toEqual([["我的班", 1]]);
    expect(taughtCohort(db, teacher.id, theirs.id)).toBeUndefined();
    expect(cohortRoster(db, { teacherId: teacher.id, cohortId: theirs.id, q: "", page: 1 })).toBeUndefined();
    expect(cohortRoster(db, { teacherId: teacher.id, cohortId: 987_654, q: "", page: 1 })).toBeUndefined();
  });

  it(`page by ${ROSTER_PAGE_SIZE} and search by name, email or student number, wildcards literal`, async () => {
    const db = getDb();
    const teacher = await createTestUser({ role: "teacher" });
    const cohort = createTestCohort({ teacherIds: [teacher.id] });
    for (let i = 0; i < ROSTER_PAGE_SIZE + 3; i += 1) {
      const student = await createTestUser({ name: `学生 ${String(i).padStart(3, "0")}` });
      joinCohort(db, student.id, cohort.joinCode);
    }
    const unusual = await createTestUser({ name: "100%_王同学" });
    joinCohort(db, unusual.id, cohort.joinCode);
    const roster = (q: string, page: number) =>
      cohortRoster(db, { teacherId: teacher.id, cohortId: cohort.id, q, page });

    const first = roster("", 1);
    expect(first?.rows).toHaveLength(ROSTER_PAGE_SIZE);
    expect(first).toMatchObject({ total: ROSTER_PAGE_SIZE + 4, pages: 2, page: 1 });
    expect(roster("", 99)?.page).toBe(2);
    expect(roster("学生 05", 1)?.rows.map((r) => r.name)).toEqual(["学生 050", "学生 051", "学生 052"]);
    expect(roster("%_", 1)?.rows.map((r) => r.name)).toEqual(["100%_王同学"]);
    expect(roster(unusual.email.toUpperCase(), 1)?.rows.map((r) => r.userId)).toEqual([unusual.id]);
  });
});
