import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinCohort } from "~/models/enrolment.server";
import { openDatabase } from "~db/client.server";
import { createTestCohort } from "../support/cohorts";
import { createTestUser, sessionCookieFor } from "../support/factories";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

/** Files beside lessons, as the production server serves them to a signed-in reader. */
let server: RunningServer;
let dbFile: string;
let cookie: string;

const SVG = "/lesson-assets/npu-deep-learning/05-data-pipelines/figure.en.svg";
const CSV = "/lesson-assets/remote-sensing/06-evaluation/change-pred.csv";
const get = (p: string, headers: Record<string, string> = {}) =>
  fetch(server.url + p, { headers, redirect: "manual" });

beforeAll(async () => {
  dbFile = copyBaseDatabase("assets");
  const db = openDatabase(dbFile);
  const reader = await createTestUser({ email: "assets@test.example.edu" }, db);
  // Lesson files are for the course's cohorts: the reader is in one of each course served here.
  for (const courseId of ["npu-deep-learning", "remote-sensing"])
    joinCohort(db, reader.id, createTestCohort({ courseId }, db).joinCode);
  cookie = await sessionCookieFor(reader.id, db);
  db.$client.close();
  server = await startProductionServer(dbFile);
}, 30_000);

afterAll(async () => {
  await server?.stop();
  rmSync(dbFile, { force: true });
});

describe("lesson assets from the production server", () => {
  it("serve an SVG figure sandboxed, byte for byte", async () => {
    const res = await get(SVG, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none';.*\bsandbox\b/);
    expect(res.headers.get("x-content-type-options")).toMatch(/^nosniff\b/);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(
      readFileSync(path.resolve("content/courses/npu-deep-learning/05-data-pipelines/figure.en.svg")),
    );
  });

  it("serve data files as downloads", async () => {
    const res = await get(CSV, { Cookie: cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="change-pred.csv"');
  });

  it("send strangers to sign in and answer 404 to paths that leave the lesson folder", async () => {
    expect((await get(SVG)).status).toBe(302);
    for (const p of [
      "/lesson-assets/npu-deep-learning/05-data-pipelines/index.en.mdx",
      "/lesson-assets/npu-deep-learning/05-data-pipelines/..%2F..%2Fcourse.yml",
      "/lesson-assets/npu-deep-learning/05-data-pipelines/figure.en.svg%2F..%2F..%2F..%2Fcourse.yml",
      "/lesson-assets/npu-deep-learning/no-such-lesson/figure.en.svg",
    ]) {
      const res = await get(p, { Cookie: cookie });
      expect(res.status, p).toBe(404);
    }
  });
});
