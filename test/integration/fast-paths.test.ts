import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "~db/client.server";
import { enrolments, lessonProgress, sessions, users } from "~db/schema";
import { joinCohort } from "~/models/enrolment.server";
import { createTestCohort } from "../support/cohorts";
import { createTestUser, sessionCookieFor } from "../support/factories";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

/**
 * What the production server answers before Remix runs (decision 013): repeat
 * views of a lesson from the page cache, and reading-time batches. Through the
 * real server: the cached answer must be the Remix answer byte for byte, and
 * every request must still be authorized and validated.
 */
const SECRET = process.env.SESSION_SECRET ?? "";
const LESSON = "/courses/ai-foundations/02-data";
let server: RunningServer;
let db: Db;
const cookies: Record<"learner" | "dropped" | "outsider" | "english" | "teacher" | "signedOut", string> = {
  learner: "",
  dropped: "",
  outsider: "",
  english: "",
  teacher: "",
  signedOut: "",
};
const ids: Record<string, number> = {};
let joinCode = "";

beforeAll(async () => {
  const dbFile = copyBaseDatabase("cached-lessons");
  db = openDatabase(dbFile);
  const teacher = await createTestUser({ role: "teacher" }, db);
  const cohort = createTestCohort({ courseId: "ai-foundations", teacherIds: [teacher.id] }, db);
  joinCode = cohort.joinCode;
  cookies.teacher = await sessionCookieFor(teacher.id, db);
  for (const who of ["learner", "dropped", "english", "signedOut"] as const) {
    const user = await createTestUser({ locale: who === "english" ? "en" : "zh-CN" }, db);
    expect(joinCohort(db, user.id, cohort.joinCode).ok).toBe(true);
    ids[who] = user.id;
    cookies[who] = await sessionCookieFor(user.id, db);
  }
  cookies.outsider = await sessionCookieFor((await createTestUser({}, db)).id, db);
  server = await startProductionServer(dbFile, { SESSION_SECRET: SECRET });
}, 30_000);

afterAll(async () => {
  await server?.stop();
  db?.$client.close();
});

const view = (cookie: string, headers: Record<string, string> = {}) =>
  fetch(server.url + LESSON, { headers: { Cookie: cookie, ...headers }, redirect: "manual" });

/** Every header but the ones that differ between any two responses. */
function stableHeaders(res: Response) {
  return [...res.headers.entries()].filter(
    ([name]) => !["date", "x-request-id", "keep-alive"].includes(name),
  );
}

describe("a repeat view of a lesson", () => {
  it("is the same document with the same headers as the first, and honours If-None-Match", async () => {
    const plain = { "Accept-Encoding": "identity" };
    const first = await view(cookies.learner, plain);
    const firstBody = Buffer.from(await first.arrayBuffer());
    expect(first.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const again = await view(cookies.learner, plain);
      expect(again.status).toBe(200);
      expect(stableHeaders(again)).toEqual(stableHeaders(first));
      expect(Buffer.from(await again.arrayBuffer()).equals(firstBody)).toBe(true);
    }
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^W\/"/);
    const notModified = await view(cookies.learner, { "If-None-Match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("content-security-policy")).toBe(
      first.headers.get("content-security-policy"),
    );
    expect(notModified.headers.get("cache-control")).toBe("private, no-cache");
    // Compressed once the background compression is done, and decoded to the same page.
    let compressed: Response | undefined;
    for (let i = 0; i < 50 && compressed?.headers.get("content-encoding") !== "br"; i++) {
      if (i) await new Promise((resolve) => setTimeout(resolve, 50));
      compressed = await view(cookies.learner, { "Accept-Encoding": "br" });
    }
    expect(compressed?.headers.get("content-encoding")).toBe("br");
    expect(Buffer.from(await (compressed as Response).arrayBuffer()).equals(firstBody)).toBe(true);
  });

  it("is authorized every time: no session, a dropped enrolment or another course's learner are refused", async () => {
    // Fill the cache for a zh-CN student, the key every refused viewer below shares.
    for (const who of ["learner", "dropped", "signedOut"] as const) {
      expect((await view(cookies[who])).status, who).toBe(200);
    }
    expect((await view(cookies.outsider)).status).toBe(403);
    expect((await view("")).status).toBe(302);

    db.update(enrolments)
      .set({ status: "dropped" })
      .where(eq(enrolments.userId, ids.dropped as number))
      .run();
    const dropped = await view(cookies.dropped);
    expect(dropped.status).toBe(403);
    expect(await dropped.text()).toContain('href="/courses/ai-foundations"');

    db.delete(sessions)
      .where(eq(sessions.userId, ids.signedOut as number))
      .run();
    const signedOut = await view(cookies.signedOut);
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toContain("/login");

    db.update(users)
      .set({ disabledAt: new Date() })
      .where(eq(users.id, ids.learner as number))
      .run();
    expect((await view(cookies.learner)).status).toBe(302);
  });

  it("is in the viewer's language and for the viewer's role", async () => {
    await view(cookies.english);
    const english = await (await view(cookies.english)).text();
    expect(english).toContain('<html lang="en"');
    await view(cookies.teacher);
    const teacher = await (await view(cookies.teacher)).text();
    expect(teacher).toContain('<html lang="zh-CN"');
    // The teacher's header links to their workspace; a student's does not.
    expect(teacher).toContain('href="/teach"');
    const another = await createTestUser({}, db);
    expect(joinCohort(db, another.id, joinCode).ok).toBe(true);
    const student = await (await view(await sessionCookieFor(another.id, db))).text();
    expect(student).toContain('<html lang="zh-CN"');
    expect(student).not.toContain('href="/teach"');
  });
});

describe("a reading-time batch", () => {
  const TIME = LESSON.replace("/courses/", "/learning/");
  const send = (cookie: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url + TIME}/time`, {
      method: "POST",
      headers: {
        Cookie: cookie,
        Origin: server.url,
        "Content-Type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body,
      redirect: "manual",
    });
  const secondsOf = (userId: number) =>
    db
      .select()
      .from(lessonProgress)
      .where(eq(lessonProgress.userId, userId))
      .all()
      .reduce((sum, row) => sum + row.secondsSpent, 0);

  it("is counted for a learner, bounded by the time since the last one, and answers an empty 204", async () => {
    const learner = await createTestUser({}, db);
    expect(joinCohort(db, learner.id, joinCode).ok).toBe(true);
    const cookie = await sessionCookieFor(learner.id, db);
    // Not opened yet: nothing to add to.
    expect((await send(cookie, "seconds=30")).status).toBe(204);
    expect(secondsOf(learner.id)).toBe(0);
    const opened = await fetch(server.url + TIME, {
      method: "POST",
      headers: { Cookie: cookie, Origin: server.url, Accept: "application/json" },
      body: new URLSearchParams({ intent: "open" }),
    });
    expect(opened.status).toBe(200);
    const res = await send(cookie, "seconds=30");
    expect(res.status).toBe(204);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(await res.text()).toBe("");
    const first = secondsOf(learner.id);
    expect(first).toBeGreaterThanOrEqual(5);
    expect(first).toBeLessThan(30);
    // A replay straight after adds only the slack, never another 30.
    expect((await send(cookie, "seconds=30")).status).toBe(204);
    expect(secondsOf(learner.id) - first).toBeLessThanOrEqual(6);
  });

  it("refuses strangers, other courses, bad numbers, big bodies and foreign pages; staff are not recorded", async () => {
    const learner = await createTestUser({}, db);
    expect(joinCohort(db, learner.id, joinCode).ok).toBe(true);
    const cookie = await sessionCookieFor(learner.id, db);
    expect((await send("", "seconds=30")).status).toBe(401);
    expect((await send(cookies.outsider, "seconds=30")).status).toBe(403);
    const unknown = await fetch(`${server.url}/learning/ai-foundations/no-such-lesson/time`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: server.url },
      body: "seconds=30",
    });
    expect(unknown.status).toBe(404);
    for (const bad of [
      "seconds=61",
      "seconds=0",
      "seconds=-1",
      "seconds=1e1",
      "seconds=5&seconds=5",
      "",
      "seconds=NaN",
    ]) {
      const res = await send(cookie, bad);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get("content-type"), bad).toContain("application/json");
    }
    expect((await send(cookie, `seconds=5&pad=${"x".repeat(4000)}`)).status).toBe(413);
    expect((await send(cookie, "seconds=30", { Origin: "https://elsewhere.example" })).status).toBe(403);
    const teacherId = (await db.select().from(users).where(eq(users.role, "teacher")).all()).at(-1)?.id ?? 0;
    const before = secondsOf(teacherId);
    expect((await send(cookies.teacher, "seconds=30")).status).toBe(204);
    expect(secondsOf(teacherId)).toBe(before);
    expect((await fetch(`${server.url + TIME}/time`, { headers: { Cookie: cookie } })).status).toBeLessThan(
      500,
    );
  });
});
