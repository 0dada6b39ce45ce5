import { Writable } from "node:stream";
import cliProgress from "cli-progress";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cohorts, enrolments, users } from "~db/schema";
import { createTestUniversity, createTestUser } from "../test/support/factories";
import { ownDatabase } from "../test/support/own-database";
import { generateLearning, sectionsPerPair } from "./generate-learning";

/** The generator's learning part on a database of its own. */
const ownDb = ownDatabase("generate-learning");

const silentBar = () =>
  new cliProgress.SingleBar({
    stream: new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as NodeJS.WriteStream,
  });

describe("sectionsPerPair", () => {
  it("shares the cohorts out evenly, the remainder to the first pairs, at least one each", () => {
    expect(sectionsPerPair(390, 2_000)).toHaveLength(390);
    expect(sectionsPerPair(390, 2_000).reduce((a, b) => a + b, 0)).toBe(2_000);
    expect(new Set(sectionsPerPair(390, 2_000))).toEqual(new Set([5, 6]));
    expect(sectionsPerPair(4, 6)).toEqual([2, 2, 1, 1]);
    expect(sectionsPerPair(3, 0)).toEqual([1, 1, 1]);
  });
});

describe("generateLearning", () => {
  it("makes the asked number of cohorts and puts each student in one section of each course, at their university", async () => {
    const db = ownDb();
    const teacherIds = (await Promise.all([1, 2].map(() => createTestUser({ role: "teacher" }, db)))).map(
      (t) => t.id,
    );
    // A first, small run with one section a pair tells how many courses the generator uses.
    const lone = createTestUniversity(undefined, db).id;
    const loneStudent = (await createTestUser({ role: "student", universityId: lone }, db)).id;
    const courseCount = (
      await generateLearning(db, silentBar(), {
        universityIds: [lone],
        teacherIds,
        studentIds: [loneStudent],
        // As many rows a student as below: the count decides whether made-up courses are added.
        progressRows: 20,
        cohorts: 0,
        run: "one",
      })
    ).cohorts;
    expect(courseCount).toBeGreaterThan(1);

    const universityIds = [1, 2, 3].map(() => createTestUniversity(undefined, db).id);
    // As the generator makes them: the nth student is at university n mod U.
    const studentIds: number[] = [];
    for (let i = 0; i < 60; i++)
      studentIds.push((await createTestUser({ role: "student", universityId: universityIds[i % 3] }, db)).id);
    const asked = 3 * courseCount * 2 + 1;
    const totals = await generateLearning(db, silentBar(), {
      universityIds,
      teacherIds,
      studentIds,
      // About 20 lesson rows each: more than one course's lessons, so students take two courses.
      progressRows: 60 * 20,
      cohorts: asked,
      run: "sections",
    });
    expect(totals.cohorts).toBe(asked);
    const made = db.select().from(cohorts).where(inArray(cohorts.universityId, universityIds)).all();
    expect(made).toHaveLength(asked);
    const byId = (a: number, b: number) => a - b;
    expect(totals.cohortIds.sort(byId)).toEqual(made.map((c) => c.id).sort(byId));

    const rows = db
      .select({
        userId: enrolments.userId,
        studentUniversity: users.universityId,
        cohortId: cohorts.id,
        cohortUniversity: cohorts.universityId,
        courseId: cohorts.courseId,
      })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
      .where(inArray(enrolments.userId, studentIds))
      .all();
    expect(rows.length).toBe(totals.enrolments);
    expect(rows.length).toBeGreaterThanOrEqual(studentIds.length);
    // Every enrolment is at the student's own university, and never two sections of one course.
    for (const row of rows) expect(row.cohortUniversity).toBe(row.studentUniversity);
    expect(new Set(rows.map((r) => `${r.userId}/${r.courseId}`)).size).toBe(rows.length);
    // Sections of one university's course differ in size by one student at most.
    const sizes = new Map<string, Map<number, number>>();
    for (const c of made) {
      const pair = `${c.universityId}/${c.courseId}`;
      if (!sizes.has(pair)) sizes.set(pair, new Map());
      sizes.get(pair)?.set(c.id, 0);
    }
    for (const row of rows) {
      const pair = sizes.get(`${row.cohortUniversity}/${row.courseId}`);
      pair?.set(row.cohortId, (pair.get(row.cohortId) ?? 0) + 1);
    }
    expect(sizes.size).toBe(3 * courseCount);
    const filled = [...sizes.values()].filter((sections) => [...sections.values()].every((n) => n > 0));
    expect(filled.length).toBeGreaterThanOrEqual(3);
    for (const sections of sizes.values()) {
      const counts = [...sections.values()];
      expect(counts.length).toBeGreaterThanOrEqual(2);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });
});
