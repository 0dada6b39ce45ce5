import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type ServerBuild, createRequestHandler } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { auditEvents, enrolments, passwordResetTokens, quizAttempts, users } from "~db/schema";
import { rightAnswers } from "~db/seed-cohort";
import { getCompiledLesson } from "~/courseware/store.server";
import { rotateJoinCode } from "~/models/cohorts.server";
import { joinCohort } from "~/models/enrolment.server";
import { MAX_JOIN_FAILURES_PER_IP } from "~/models/join.server";
import { createTestCohort, testActor } from "../support/cohorts";
import { createTestUser, sessionCookieFor } from "../support/factories";

/** Lesson access and joining, through the production build's request handler on this worker's database. */
let handler: ReturnType<typeof createRequestHandler>;

beforeAll(async () => {
  const file = path.resolve("build/index.js");
  if (!existsSync(file)) throw new Error("No production build: run `npm run build` first (npm test does).");
  const build = (await import(pathToFileURL(file).href)) as ServerBuild;
  await (build.entry.module as unknown as { boot(): Promise<unknown> }).boot();
  handler = createRequestHandler(build, "production");
}, 120_000);

let ipCounter = 0;
function ask(url: string, init: { cookie?: string; form?: Record<string, string>; ip?: string } = {}) {
  const headers = new Headers({ Origin: "http://localhost", Host: "localhost", "Accept-Language": "en" });
  if (init.cookie) headers.set("Cookie", init.cookie);
  const request = new Request(`http://localhost${url}`, {
    method: init.form ? "POST" : "GET",
    headers,
    ...(init.form ? { body: new URLSearchParams(init.form) } : {}),
  });
  ipCounter += 1;
  return handler(request, { requestId: "learning", clientIp: init.ip ?? `10.7.0.${ipCounter}`, nonce: "n" });
}

const LESSON = "/courses/ai-foundations/01-what-is-ai";
const ASSET = "/lesson-assets/ai-foundations/01-what-is-ai/figure.zh.svg";

describe("lessons are for the course's cohorts", () => {
  it("refuses people outside them with a page that says how to join, and admits members, teachers and admins", async () => {
    const teacher = await createTestUser({ role: "teacher" });
    const otherTeacher = await createTestUser({ role: "teacher", locale: "en" });
    const student = await createTestUser();
    const outsider = await createTestUser({ locale: "en" });
    const admin = await createTestUser({ role: "admin" });
    const cohort = createTestCohort({ courseId: "ai-foundations", teacherIds: [teacher.id] });
    joinCohort(getDb(), student.id, cohort.joinCode);
    const key = (
      await getCompiledLesson({ courseSlug: "ai-foundations", lessonSlug: "01-what-is-ai", lang: "zh" })
    )?.key;
    const urls = [LESSON, `/lesson-html/${key}`, ASSET];

    for (const who of [outsider, otherTeacher]) {
      const cookie = await sessionCookieFor(who.id);
      for (const url of urls) expect((await ask(url, { cookie })).status, `${url} as ${who.role}`).toBe(403);
      const page = await (await ask(LESSON, { cookie })).text();
      expect(page).toContain("Join a cohort to read this lesson");
      expect(page).toContain('href="/join"');
      expect(page).toContain('href="/courses/ai-foundations"');
    }
    for (const who of [student, teacher, admin]) {
      const cookie = await sessionCookieFor(who.id);
      for (const url of urls) expect((await ask(url, { cookie })).status, `${url} as ${who.role}`).toBe(200);
    }
    // Another course stays closed to this cohort's student; its quiz cannot be posted either.
    const cookie = await sessionCookieFor(student.id);
    expect((await ask("/courses/remote-sensing/01-sensors-and-bands", { cookie })).status).toBe(403);
    const posted = await ask(
      "/courses/remote-sensing/01-sensors-and-bands?_data=routes%2Fcourses.%24course.%24lesson",
      {
        cookie,
        form: { quizId: "check" },
      },
    );
    expect(posted.status).toBe(403);
    // A dropped student loses access.
    getDb().update(enrolments).set({ status: "dropped" }).where(eq(enrolments.userId, student.id)).run();
    expect((await ask(LESSON, { cookie })).status).toBe(403);
  });
});

describe("joining by link", () => {
  it("lets a visitor sign up into the cohort and lands them on the course, signed in", async () => {
    const cohort = createTestCohort({ courseId: "ai-foundations", name: "Join test section" });
    const page = await ask(`/join/${cohort.joinCode.toLowerCase()}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toContain("no-store");
    expect(await page.text()).toContain("Join test section");
    const email = `joiner-${process.pid}@test.example.edu`;
    const form = {
      intent: "signup",
      name: "Zhang San",
      email: ` ${email.toUpperCase()} `,
      studentNumber: "J-1",
      password: "a good password",
    };
    const done = await ask(`/join/${cohort.joinCode}`, { form });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/courses/ai-foundations");
    const cookie = (done.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^ta_session=/);
    const user = getDb().select().from(users).where(eq(users.email, email)).get();
    expect(user).toMatchObject({ role: "student", universityId: cohort.universityId, studentNumber: "J-1" });
    expect((await ask(LESSON, { cookie })).status).toBe(200);

    // The same form again: the email is taken and nothing new is written.
    const again = await ask(`/join/${cohort.joinCode}`, { form: { ...form, studentNumber: "J-2" } });
    expect(again.status).toBe(409);
    expect(getDb().select().from(users).where(eq(users.studentNumber, "J-2")).all()).toEqual([]);
    // Signed in, joining again is harmless.
    const rejoin = await ask(`/join/${cohort.joinCode}`, { cookie, form: { intent: "join" } });
    expect(rejoin.status).toBe(302);
    expect(
      getDb()
        .select()
        .from(enrolments)
        .where(eq(enrolments.userId, user?.id ?? 0))
        .all(),
    ).toHaveLength(1);
  });

  it("says what is wrong with a code, refuses hostile forms, and throttles guessing", async () => {
    const cohort = createTestCohort({ courseId: "ai-foundations", name: "Guarded section" });
    const old = cohort.joinCode;
    rotateJoinCode(getDb(), testActor, cohort.id, null);
    const rotated = await ask(`/join/${old}`);
    expect(rotated.status).toBe(410);
    expect(await rotated.text()).toContain("Your teacher has replaced this join code");
    expect((await ask("/join/ZZZZ-ZZZZ")).status).toBe(404);
    expect((await ask("/join/%3Cscript%3E")).status).toBe(404);
    const student = await createTestUser();
    const cookie = await sessionCookieFor(student.id);
    // Duplicated intent, or a sign-up with __proto__ and missing fields: 400, nothing written.
    const code = (await import("~/models/cohorts.server")).getCohort(getDb(), cohort.id)?.joinCode ?? "";
    const dup = new URLSearchParams([
      ["intent", "join"],
      ["intent", "join"],
    ]);
    const res = await handler(
      new Request(`http://localhost/join/${code}`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: "http://localhost", Host: "localhost" },
        body: dup,
      }),
      { requestId: "x", clientIp: "10.8.0.1", nonce: "n" },
    );
    expect(res.status).toBe(400);
    const hostile = await ask(`/join/${code}`, {
      form: {
        intent: "signup",
        __proto__: "x",
        name: "",
        email: "nope",
        studentNumber: "<b>",
        password: "short",
      },
    });
    expect(hostile.status).toBe(400);
    expect(getDb().select().from(enrolments).where(eq(enrolments.cohortId, cohort.id)).all()).toEqual([]);

    const ip = "10.9.0.77";
    for (let i = 0; i < MAX_JOIN_FAILURES_PER_IP; i += 1)
      await ask(`/join/ZZZZZZ${String(i).padStart(2, "2").slice(-2).replace(/[01]/g, "2")}`, { ip });
    const throttled = await ask(`/join/${code}`, { ip });
    expect(throttled.status).toBe(429);
    // Even a right code says nothing about its cohort while the address is throttled.
    expect(await throttled.text()).not.toContain("Guarded section");
    expect((await ask(`/join/${code}`, { ip: "10.9.0.78" })).status).toBe(200);
  });
});

describe("the per-person lesson state", () => {
  it("is private JSON; records views, bounded time and completion for learners only", async () => {
    const student = await createTestUser();
    const teacher = await createTestUser({ role: "teacher" });
    const cohort = createTestCohort({ courseId: "ai-foundations", teacherIds: [teacher.id] });
    joinCohort(getDb(), student.id, cohort.joinCode);
    const cookie = await sessionCookieFor(student.id);
    const url = "/learning/ai-foundations/01-what-is-ai";
    const json = (form: Record<string, string>) =>
      handler(
        new Request(`http://localhost${url}`, {
          method: "POST",
          headers: {
            Cookie: cookie,
            Origin: "http://localhost",
            Host: "localhost",
            Accept: "application/json",
          },
          body: new URLSearchParams(form),
        }),
        { requestId: "s", clientIp: "10.6.0.1", nonce: "n" },
      );
    const first = await ask(url, { cookie });
    expect(first.status).toBe(200);
    expect(first.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await first.json()).toMatchObject({ lesson: { state: "not-started" }, certificateId: null });

    const opened = await json({ intent: "open" });
    expect(await opened.json()).toMatchObject({
      lessonStates: { "01-what-is-ai": "started", "02-data": "not-started" },
      lesson: { state: "started" },
    });
    const badForms: Record<string, string>[] = [{ intent: "drop" }, { intent: "time", seconds: "30" }, {}];
    for (const bad of badForms) {
      expect((await json(bad)).status, JSON.stringify(bad)).toBe(400);
    }
    // Reading time has its own path: a bare 204, counted for learners only, bounded per batch.
    const time = (body: string, who = cookie) =>
      handler(
        new Request(`http://localhost${url}/time`, {
          method: "POST",
          headers: { Cookie: who, Origin: "http://localhost", Host: "localhost" },
          body,
        }),
        { requestId: "t", clientIp: "10.6.0.1", nonce: "n" },
      );
    for (const bad of ["seconds=999", "seconds=-1", "seconds=0", "", "seconds=5&seconds=5", "seconds=1e1"]) {
      expect((await time(bad)).status, bad).toBe(400);
    }
    expect((await time(`seconds=5&pad=${"x".repeat(2000)}`)).status).toBe(413);
    const counted = await time("seconds=30");
    expect(counted.status).toBe(204);
    expect(counted.headers.get("Cache-Control")).toBe("private, no-store");
    // Claimed 30 s a moment after opening: cut down to the wall-clock time since the view, plus slack.
    const spent = ((await (await ask(url, { cookie })).json()) as { lesson: { secondsSpent: number } }).lesson
      .secondsSpent;
    expect(spent).toBeGreaterThanOrEqual(5);
    expect(spent).toBeLessThan(30);
    // Without JavaScript the form posts and comes back to the lesson.
    const completed = await ask(url, { cookie, form: { intent: "complete" } });
    expect(completed.status).toBe(303);
    expect(completed.headers.get("Location")).toBe("/courses/ai-foundations/01-what-is-ai");
    expect(await (await ask(url, { cookie })).json()).toMatchObject({ lesson: { state: "complete" } });

    // A teacher reads without a record; an outsider and a forged lesson are refused.
    const teacherCookie = await sessionCookieFor(teacher.id);
    expect((await ask(url, { cookie: teacherCookie, form: { intent: "complete" } })).status).toBe(303);
    expect((await time("seconds=30", teacherCookie)).status).toBe(204);
    expect(await (await ask(url, { cookie: teacherCookie })).json()).toMatchObject({
      lesson: { state: "not-started", secondsSpent: 0 },
    });
    const outsider = await sessionCookieFor((await createTestUser()).id);
    expect((await ask(url, { cookie: outsider })).status).toBe(403);
    expect((await time("seconds=30", outsider)).status).toBe(403);
    expect((await time("seconds=30", "")).status).toBe(401);
    expect((await ask("/learning/ai-foundations/no-such-lesson", { cookie })).status).toBe(404);
  });

  it("records a learner's quiz submissions as attempts, throttled", async () => {
    const student = await createTestUser();
    const cohort = createTestCohort({ courseId: "ai-foundations" });
    joinCohort(getDb(), student.id, cohort.joinCode);
    const cookie = await sessionCookieFor(student.id);
    const compiled = await getCompiledLesson({
      courseSlug: "ai-foundations",
      lessonSlug: "01-what-is-ai",
      lang: "zh",
    });
    const key = compiled?.answerKey[0];
    if (!key) throw new Error("the lesson has a quiz");
    const form: [string, string][] = [["quizId", key.id]];
    for (const [id, values] of Object.entries(rightAnswers(key)))
      for (const v of values) form.push([`answer-${id}`, v]);
    const submit = () =>
      handler(
        new Request(`http://localhost${LESSON}?_data=routes%2Fcourses.%24course.%24lesson`, {
          method: "POST",
          headers: { Cookie: cookie, Origin: "http://localhost", Host: "localhost" },
          body: new URLSearchParams(form),
        }),
        { requestId: "q", clientIp: "10.6.0.2", nonce: "n" },
      );
    const graded = await submit();
    expect(graded.status).toBe(200);
    const body = (await graded.json()) as { graded: { questions: { id: string; answer?: unknown }[] } };
    expect(body).toMatchObject({ ok: true, graded: { percent: 100 } });
    // ai-foundations reveals always: every question comes back with its answer, after the submission only.
    expect(body.graded.questions.map((q) => q.answer && (q.answer as { id: string }).id)).toEqual(
      key.questions.map((q) => q.id),
    );
    const twice = await submit();
    expect(twice.status).toBe(429);
    const refused = JSON.stringify(await twice.json());
    expect(refused).not.toContain("explanation");
    expect(refused).not.toContain('"answer"');
    const attempts = getDb().select().from(quizAttempts).where(eq(quizAttempts.userId, student.id)).all();
    expect(attempts).toEqual([
      expect.objectContaining({ lessonId: "aif-what-is-ai", quizId: key.id, score: 100, passed: true }),
    ]);
    expect(await (await ask("/learning/ai-foundations/01-what-is-ai", { cookie })).json()).toMatchObject({
      lesson: { state: "complete" },
      quizzes: { [key.id]: { lastScore: 100, attempts: 1 } },
    });
  });
});

describe("certificate verification", () => {
  it("shows a valid, then revoked certificate to anyone, as a page with its QR code and as JSON; unknown ids are 404", async () => {
    const { markLessonComplete } = await import("~/models/completion.server");
    const { getCourseRules } = await import("~/models/course-rules.server");
    const { revokeCertificate } = await import("~/models/certificates.server");
    const student = await createTestUser({ name: "赵六 <b>Zhao</b>" });
    const cohort = createTestCohort({
      courseId: "ai-foundations",
      name: "Cert section",
      term: "2026-autumn",
    });
    joinCohort(getDb(), student.id, cohort.joinCode);
    const rules = await getCourseRules("ai-foundations");
    if (!rules) throw new Error("course missing");
    const noQuizzes = { ...rules, certificate: "required-lessons" as const };
    let id = "";
    for (const lesson of rules.lessons)
      id = markLessonComplete(getDb(), student.id, noQuizzes, lesson.id)?.certificate?.id ?? id;
    expect(id).toMatch(/^[0-9a-f]{32}$/);

    const page = await ask(`/certificates/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("赵六 &lt;b&gt;Zhao&lt;/b&gt;");
    expect(html).toContain("人工智能导论");
    expect(html).toContain("Foundations of AI and Machine Learning");
    expect(html).toContain('data-certificate-status="valid"');
    expect(html).toMatch(/<svg[^>]*viewBox/);
    const data = await ask(`/certificates/${id}.json`);
    expect(data.headers.get("Content-Type")).toContain("application/json");
    const body = await data.json();
    expect(Object.keys(body).sort()).toEqual(
      ["cohort", "course", "id", "issuedAt", "revokedAt", "status", "student", "university"].sort(),
    );
    expect(body).toMatchObject({
      id,
      status: "valid",
      student: "赵六 <b>Zhao</b>",
      revokedAt: null,
      cohort: { name: "Cert section" },
    });

    revokeCertificate(getDb(), testActor, id, "Plagiarised project");
    expect(await (await ask(`/certificates/${id}`)).text()).toContain("Plagiarised project");
    expect(await (await ask(`/certificates/${id}.json`)).json()).toMatchObject({
      status: "revoked",
      revokedAt: expect.any(String),
    });

    const oneOff = `${id.slice(0, 31)}${id.endsWith("0") ? "1" : "0"}`;
    for (const unknown of ["0".repeat(32), "nope", oneOff]) {
      expect((await ask(`/certificates/${unknown}`)).status, unknown).toBe(404);
      const missing = await ask(`/certificates/${unknown}.json`);
      expect(missing.status, `${unknown}.json`).toBe(404);
      expect(await missing.json()).toEqual({ error: "not_found" });
    }
  });
});

describe("the learner's dashboard", () => {
  it("lists enrolled courses with progress and where to continue, private to the person", async () => {
    const { markLessonComplete } = await import("~/models/completion.server");
    const { getCourseRules } = await import("~/models/course-rules.server");
    const student = await createTestUser({ locale: "en" });
    const cookie = await sessionCookieFor(student.id);
    const empty = await ask("/dashboard", { cookie });
    expect(await empty.text()).toContain("You have not joined a cohort yet");
    const cohort = createTestCohort({ courseId: "ai-foundations", name: "Dash section" });
    joinCohort(getDb(), student.id, cohort.joinCode);
    const rules = await getCourseRules("ai-foundations");
    markLessonComplete(getDb(), student.id, rules ?? ({} as never), "aif-what-is-ai");
    const page = await ask("/dashboard", { cookie });
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("private, no-store");
    const html = await page.text();
    expect(html).toContain("Foundations of AI and Machine Learning");
    expect(html).toContain("Dash section");
    expect(html).toContain("1 of 6 required lessons complete");
    expect(html).toContain('href="/courses/ai-foundations/02-data"');
    expect((await ask("/dashboard")).status).toBe(302);
  });
});

describe("revoking a certificate", () => {
  it("is an admin's, with a reason, audited, asked once; the public page then says revoked", async () => {
    const { markLessonComplete } = await import("~/models/completion.server");
    const { getCourseRules } = await import("~/models/course-rules.server");
    const { auditEvents } = await import("~db/schema");
    const student = await createTestUser();
    const cohort = createTestCohort({ courseId: "ai-foundations" });
    joinCohort(getDb(), student.id, cohort.joinCode);
    const rules = await getCourseRules("ai-foundations");
    const lenient = { ...(rules ?? ({} as never)), certificate: "required-lessons" as const };
    let id = "";
    for (const lesson of lenient.lessons)
      id = markLessonComplete(getDb(), student.id, lenient, lesson.id)?.certificate?.id ?? id;
    const admin = await sessionCookieFor((await createTestUser({ role: "admin", locale: "en" })).id);
    const found = await ask(`/admin/certificates?id=${id}`, { cookie: admin });
    expect(await found.text()).toContain("Revoke certificate");
    expect((await ask("/admin/certificates", { cookie: admin, form: { id, reason: "  " } })).status).toBe(
      400,
    );
    expect(
      (await ask("/admin/certificates", { cookie: admin, form: { id, reason: "Identity fraud" } })).status,
    ).toBe(200);
    expect((await ask("/admin/certificates", { cookie: admin, form: { id, reason: "Again" } })).status).toBe(
      409,
    );
    expect(
      (await ask("/admin/certificates", { cookie: admin, form: { id: "0".repeat(32), reason: "x" } })).status,
    ).toBe(404);
    const teacher = await sessionCookieFor((await createTestUser({ role: "teacher" })).id);
    expect((await ask("/admin/certificates", { cookie: teacher, form: { id, reason: "x" } })).status).toBe(
      403,
    );
    const audit = getDb().select().from(auditEvents).where(eq(auditEvents.targetId, id)).all();
    expect(audit.map((a) => [a.action, (a.after as { reason: string }).reason])).toEqual([
      ["certificate.revoke", "Identity fraud"],
    ]);
    expect(await (await ask(`/certificates/${id}.json`)).json()).toMatchObject({ status: "revoked" });
  });
});

describe("a teacher's reset links", () => {
  const post = (url: string, cookie: string, body: [string, string][]) =>
    handler(
      new Request(`http://localhost${url}?_data=${encodeURIComponent("routes/teach.$cohort")}`, {
        method: "POST",
        headers: { Cookie: cookie, Origin: "http://localhost", Host: "localhost", "Accept-Language": "en" },
        body: new URLSearchParams(body),
      }),
      { requestId: "teach", clientIp: "10.8.0.1", nonce: "n" },
    );
  const tokensOf = (userId: number) =>
    getDb().select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, userId)).all();

  it("are for the teacher's own cohort's students only, asked once, audited, shown once", async () => {
    const teacher = await createTestUser({ role: "teacher", name: "王老师" });
    const colleague = await createTestUser({ role: "teacher" });
    const mine = createTestCohort({ courseId: "ai-foundations", name: "周三班", teacherIds: [teacher.id] });
    const theirs = createTestCohort({ courseId: "ai-foundations", teacherIds: [colleague.id] });
    const student = await createTestUser({ name: "赵同学" });
    const stranger = await createTestUser({ name: "钱同学" });
    joinCohort(getDb(), student.id, mine.joinCode);
    joinCohort(getDb(), stranger.id, theirs.joinCode);
    const cookie = await sessionCookieFor(teacher.id);

    const list = await ask("/teach", { cookie });
    expect(list.status).toBe(200);
    const listed = await list.text();
    expect(listed).toContain("周三班");
    expect(listed).not.toContain(`/teach/${theirs.id}"`);
    const roster = await ask(`/teach/${mine.id}`, { cookie });
    expect(roster.status).toBe(200);
    expect(roster.headers.get("Cache-Control")).toContain("no-store");
    expect(await roster.text()).toContain("赵同学");
    for (const path of [`/teach/${theirs.id}`, "/teach/0", "/teach/1e3", "/teach/abc"])
      expect((await ask(path, { cookie })).status, path).toBe(404);
    const studentCookie = await sessionCookieFor(student.id);
    expect((await ask(`/teach/${mine.id}`, { cookie: studentCookie })).status).toBe(403);

    // Forged: another cohort's student, this cohort's id for a cohort not theirs, odd and repeated fields.
    expect(
      (
        await post(`/teach/${mine.id}`, cookie, [
          ["intent", "reset-link"],
          ["userId", String(stranger.id)],
        ])
      ).status,
    ).toBe(404);
    expect(
      (
        await post(`/teach/${theirs.id}`, cookie, [
          ["intent", "reset-link"],
          ["userId", String(stranger.id)],
        ])
      ).status,
    ).toBe(404);
    for (const body of [
      [
        ["intent", "reset-link"],
        ["userId", String(student.id)],
        ["userId", String(stranger.id)],
      ],
      [
        ["intent", "reset-link"],
        ["userId", "-1"],
      ],
      [
        ["intent", "reset-link"],
        ["__proto__", String(student.id)],
      ],
      [
        ["intent", "disable"],
        ["userId", String(student.id)],
      ],
    ] as [string, string][][]) {
      expect((await post(`/teach/${mine.id}`, cookie, body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(tokensOf(student.id)).toHaveLength(0);
    expect(tokensOf(stranger.id)).toHaveLength(0);

    const issued = await post(`/teach/${mine.id}`, cookie, [
      ["intent", "reset-link"],
      ["userId", String(student.id)],
    ]);
    expect(issued.status).toBe(200);
    expect(issued.headers.get("Cache-Control")).toContain("no-store");
    const data = (await issued.json()) as { ok: boolean; name: string; resetUrl: string };
    expect(data).toMatchObject({ ok: true, name: "赵同学" });
    expect(data.resetUrl).toMatch(/^http:\/\/localhost\/reset\/[A-Za-z0-9_-]{43}$/);
    expect((await ask(new URL(data.resetUrl).pathname)).status).toBe(200);
    // Shown once: the roster never carries it again.
    expect(await (await ask(`/teach/${mine.id}`, { cookie })).text()).not.toContain(data.resetUrl);
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.actorId, teacher.id))
      .all()
      .map((event) => [event.action, event.targetId]);
    expect(audit).toEqual([["user.reset-link", String(student.id)]]);
  });
});
