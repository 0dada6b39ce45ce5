import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { certificates, cohortTeachers, cohorts, enrolments, lessonProgress, users } from "~db/schema";
import { type RunningServer, startServer } from "../support/server";

async function joinLine(server: RunningServer): Promise<string> {
  for (let i = 0; i < 50 && !/join link/.test(server.output()); i += 1)
    await new Promise((r) => setTimeout(r, 100));
  return server.output().match(/^Demo cohort join link: .*$/m)?.[0] ?? "";
}

describe("the demo seed", () => {
  it("creates the demo cohort with the student part-way through and prints its join link at every start", async () => {
    const file = path.resolve(`test/.tmp/demo-seed-${process.pid}/talent.db`);
    const env = { APP_MODE: "demo", DATABASE_PATH: file, LOG_LEVEL: "error" };
    const first = await startServer(env);
    const line = await joinLine(first);
    await first.stop();
    expect(line).toMatch(
      new RegExp(`^Demo cohort join link: http://localhost:${first.port}/join/[2-9A-HJKMNP-Z]{8}$`),
    );
    const code = line.split("/join/")[1];

    const db = openDatabase(file);
    try {
      const cohort = db.select().from(cohorts).get();
      expect(cohort).toMatchObject({ courseId: "ai-foundations", joinCode: code });
      const teacher = db.select().from(users).where(eq(users.email, "teacher@example.edu")).get();
      const student = db.select().from(users).where(eq(users.email, "student@example.edu")).get();
      expect(db.select().from(cohortTeachers).all()).toEqual([
        expect.objectContaining({ userId: teacher?.id }),
      ]);
      expect(db.select().from(enrolments).all()).toEqual([
        expect.objectContaining({ userId: student?.id, cohortId: cohort?.id, status: "active" }),
      ]);
      const progress = db
        .select()
        .from(lessonProgress)
        .where(eq(lessonProgress.userId, student?.id ?? 0))
        .all();
      expect(progress.map((p) => [p.lessonId, p.completedAt !== null])).toEqual([
        ["aif-what-is-ai", true],
        ["aif-data", true],
        ["aif-models-training", false],
      ]);
      expect(db.select().from(certificates).all()).toEqual([]);
    } finally {
      db.$client.close();
    }

    const second = await startServer(env);
    const again = await joinLine(second);
    await second.stop();
    expect(second.output()).not.toContain("demo data seeded");
    expect(again.endsWith(`/join/${code}`)).toBe(true);
  }, 60_000);
});
