import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinCohort } from "~/models/enrolment.server";
import { completeLesson } from "~/models/progress.server";
import { openDatabase } from "~db/client.server";
import { createTestCohort } from "../support/cohorts";
import { createTestUser, sessionCookieFor } from "../support/factories";
import { copyBaseDatabase, startServer } from "../support/server";

/**
 * The teacher's home counts progress from stored summaries: when a deploy
 * changes which lessons a course requires, the next start recounts them, so a
 * lesson no longer required stops counting.
 */
const FIXTURE = path.resolve("test/fixtures/content");
const COURSE = "courses/fixture-course";
let workdir: string;
let dbFile: string;
let cookie: string;

/** The fixture course with its second lesson required too (course.yml and the lesson agree). */
function requireSecondLesson(root: string) {
  const yml = path.join(root, COURSE, "course.yml");
  writeFileSync(yml, readFileSync(yml, "utf8").replace(/\noptional:\n\s+- 02-next\n?/, "\n"));
  const lesson = path.join(root, COURSE, "02-next/index.en.mdx");
  writeFileSync(lesson, readFileSync(lesson, "utf8").replace("required: false", "required: true"));
}

beforeAll(async () => {
  workdir = mkdtempSync(path.join(os.tmpdir(), "teach-home-rules-"));
  cpSync(FIXTURE, path.join(workdir, "content"), { recursive: true });
  requireSecondLesson(path.join(workdir, "content"));
  dbFile = copyBaseDatabase("teach-home-rules");
  const db = openDatabase(dbFile);
  const teacher = await createTestUser({ role: "teacher" }, db);
  const student = await createTestUser({}, db);
  const cohort = createTestCohort({ teacherIds: [teacher.id] }, db);
  joinCohort(db, student.id, cohort.joinCode);
  completeLesson(db, student.id, { courseId: "fixture-course", lessonId: "fixture-next" });
  cookie = await sessionCookieFor(teacher.id, db);
  db.$client.close();
}, 60_000);

afterAll(() => {
  rmSync(workdir, { recursive: true, force: true });
});

async function homeProgress(): Promise<{ progress: number | null; log: string }> {
  const server = await startServer({
    APP_MODE: "test",
    SESSION_SECRET: process.env.SESSION_SECRET ?? "",
    DATABASE_PATH: dbFile,
    CONTENT_ROOT: path.join(workdir, "content"),
    LOG_LEVEL: "info",
  });
  try {
    const response = await fetch(`${server.url}/teach?_data=${encodeURIComponent("routes/teach._index")}`, {
      headers: { Cookie: cookie },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { cohorts: { progress: number | null }[] };
    return { progress: body.cohorts[0]?.progress ?? null, log: server.output() };
  } finally {
    await server.stop();
  }
}

describe("the teacher's home after a deploy changes a course's required lessons", () => {
  it("recounts at start: a lesson no longer required stops counting", async () => {
    const before = await homeProgress();
    // Two required lessons, the student completed one of them.
    expect(before.progress).toBe(0.5);
    expect(before.log).toContain('"msg":"progress summaries counted","kind":"rebuilt"');

    const again = await homeProgress();
    expect(again.progress).toBe(0.5);
    expect(again.log).not.toContain("progress summaries counted");

    // The deploy: the lesson the student completed is optional again.
    cpSync(path.join(FIXTURE, COURSE), path.join(workdir, "content", COURSE), { recursive: true });
    const after = await homeProgress();
    expect(after.progress).toBe(0);
    expect(after.log).toContain(
      '"msg":"progress summaries counted","kind":"recounted","courses":["fixture-course"]',
    );
  });
});
