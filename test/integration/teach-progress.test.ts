import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type ServerBuild, createRequestHandler } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { auditEvents, users } from "~db/schema";
import { getCompiledLesson } from "~/courseware/store.server";
import { completeLesson } from "~/models/progress.server";
import { joinCohort } from "~/models/enrolment.server";
import { insertAttempt } from "~/models/quiz-attempts.server";
import { createTestCohort } from "../support/cohorts";
import { createTestUser, sessionCookieFor } from "../support/factories";

/** The teacher's progress pages and exports, through the production build's handler on this worker's database. */
let handler: ReturnType<typeof createRequestHandler>;

beforeAll(async () => {
  const file = path.resolve("build/index.js");
  if (!existsSync(file)) throw new Error("No production build: run `npm run build` first (npm test does).");
  const build = (await import(pathToFileURL(file).href)) as ServerBuild;
  await (build.entry.module as unknown as { boot(): Promise<unknown> }).boot();
  handler = createRequestHandler(build, "production");
}, 120_000);

function ask(url: string, init: { cookie?: string; form?: Record<string, string>; lang?: string } = {}) {
  const headers = new Headers({ Origin: "http://localhost", Host: "localhost" });
  headers.set("Accept-Language", init.lang ?? "zh-CN");
  if (init.cookie) headers.set("Cookie", init.cookie);
  const request = new Request(`http://localhost${url}`, {
    method: init.form ? "POST" : "GET",
    headers,
    ...(init.form ? { body: new URLSearchParams(init.form) } : {}),
  });
  return handler(request, { requestId: "teach-progress", clientIp: "10.9.0.1", nonce: "n" });
}

const FORMULA = '=HYPERLINK("http://evil.example","点我")';
const MARKUP = "<img src=x onerror=alert(1)>";

async function classroom() {
  const db = getDb();
  const teacher = await createTestUser({ role: "teacher", locale: "zh-CN" });
  const colleague = await createTestUser({ role: "teacher" });
  const admin = await createTestUser({ role: "admin", locale: "en" });
  const cohort = createTestCohort({
    courseId: "ai-foundations",
    name: "AI 基础 1 班",
    teacherIds: [teacher.id],
  });
  const other = createTestCohort({ courseId: "ai-foundations", teacherIds: [colleague.id] });
  const formula = await createTestUser({ name: FORMULA });
  const markup = await createTestUser({ name: MARKUP });
  const outsider = await createTestUser({ name: "别班学生" });
  joinCohort(db, formula.id, cohort.joinCode);
  joinCohort(db, markup.id, cohort.joinCode);
  joinCohort(db, outsider.id, other.joinCode);
  db.update(users).set({ studentNumber: "-2+3" }).where(eq(users.id, markup.id)).run();
  completeLesson(db, formula.id, { courseId: "ai-foundations", lessonId: "aif-what-is-ai" });
  return {
    teacher,
    colleague,
    admin,
    cohort,
    other,
    formula,
    markup,
    outsider,
    cookies: {
      teacher: await sessionCookieFor(teacher.id),
      colleague: await sessionCookieFor(colleague.id),
      admin: await sessionCookieFor(admin.id),
      student: await sessionCookieFor(formula.id),
    },
  };
}

const pages = (cohortId: number, studentId: number) => [
  `/teach/${cohortId}/progress`,
  `/teach/${cohortId}/progress?_data=${encodeURIComponent("routes/teach.$cohort_.progress")}`,
  `/teach/${cohortId}/quizzes`,
  `/teach/${cohortId}/activity`,
  `/teach/${cohortId}/students/${studentId}`,
  `/teach/${cohortId}/students/${studentId}?_data=${encodeURIComponent("routes/teach.$cohort_.students.$student")}`,
  `/teach/${cohortId}/progress.csv`,
  `/teach/${cohortId}/grades.csv`,
];

describe("a cohort's progress pages and exports", () => {
  it("open for its teacher and admins; every other cohort, student or id is 404", async () => {
    const { cohort, other, formula, outsider, cookies } = await classroom();
    for (const url of pages(cohort.id, formula.id)) {
      expect((await ask(url, { cookie: cookies.teacher })).status, `${url} as teacher`).toBe(200);
      expect((await ask(url, { cookie: cookies.admin })).status, `${url} as admin`).toBe(200);
      expect((await ask(url, { cookie: cookies.colleague })).status, `${url} as another teacher`).toBe(404);
      expect((await ask(url, { cookie: cookies.student })).status, `${url} as a student`).toBe(403);
    }
    for (const url of [
      ...pages(other.id, outsider.id),
      `/teach/${cohort.id}/students/${outsider.id}`,
      `/teach/${cohort.id}/students/abc`,
      "/teach/0/progress",
      "/teach/1e3/progress.csv",
      "/teach/99999999999999999999/grades.csv",
    ]) {
      expect((await ask(url, { cookie: cookies.teacher })).status, `${url} as teacher`).toBe(404);
    }
  });

  it("export CSV with a BOM, formula cells neutralised, Chinese intact", async () => {
    const { cohort, cookies } = await classroom();
    for (const name of ["progress", "grades"]) {
      const res = await ask(`/teach/${cohort.id}/${name}.csv`, { cookie: cookies.teacher });
      expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
      expect(res.headers.get("Content-Disposition")).toContain("attachment;");
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
      expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
      expect(text).toContain("'-2+3");
      expect(text).toContain(MARKUP);
      expect(text.split("\r\n")[0]).toContain("学号");
    }
    const progress = await (
      await ask(`/teach/${cohort.id}/progress.csv`, { cookie: cookies.teacher })
    ).text();
    expect(progress).toContain("已完成");
    const english = await (
      await ask(`/teach/${cohort.id}/grades.csv`, { cookie: cookies.admin, lang: "en" })
    ).text();
    expect(english.split("\r\n")[0]).toContain("Certificate id");
  });

  it("show a student's name inert on every page", async () => {
    const { cohort, markup, cookies } = await classroom();
    for (const url of [
      `/teach/${cohort.id}/progress`,
      `/teach/${cohort.id}/students/${markup.id}`,
      `/teach/${cohort.id}/progress?filter=not-started`,
    ]) {
      const html = await (await ask(url, { cookie: cookies.teacher })).text();
      expect(html, url).toContain("&lt;img src=x onerror=alert(1)&gt;");
      expect(html, url).not.toContain("<img src=x");
    }
  });

  it("filters at-risk students by the teacher's window and searches by student number", async () => {
    const { cohort, formula, markup, cookies } = await classroom();
    const data = async (search: string) =>
      (await (
        await ask(
          `/teach/${cohort.id}/progress?${search}&_data=${encodeURIComponent("routes/teach.$cohort_.progress")}`,
          { cookie: cookies.teacher },
        )
      ).json()) as { rows: { userId: number }[]; counts: Record<string, number> };
    const notStarted = await data("filter=not-started");
    expect(notStarted.rows.map((r) => r.userId)).toEqual([markup.id]);
    expect(notStarted.counts).toMatchObject({ all: 2, "not-started": 1 });
    expect((await data("q=-2%2B3")).rows.map((r) => r.userId)).toEqual([markup.id]);
    // Hostile values fall back to defaults instead of failing.
    const odd = await data("sort=__proto__&filter=constructor&days=-1&page=NaN");
    expect(odd.rows.map((r) => r.userId).sort()).toEqual([formula.id, markup.id].sort());
    // Repeated, oversized, wildcard-only and absurd parameters are read, never a 500.
    for (const search of [
      "q=nobody-here&q=b&page=2&page=3",
      `q=${"%25".repeat(2_000)}`,
      "q=%5C&page=1e400",
      "q=_&sort=quiz&dir=asc&dir=desc&page=99999999999999999999",
    ]) {
      const response = await ask(
        `/teach/${cohort.id}/progress?${search}&_data=${encodeURIComponent("routes/teach.$cohort_.progress")}`,
        { cookie: cookies.teacher },
      );
      expect(response.status, search).toBe(200);
      const body = (await response.json()) as { rows: unknown[]; page: number };
      expect(body.rows, search).toEqual([]);
      expect(body.page, search).toBe(1);
    }
  });

  it("names the most common wrong choice in the quiz analysis, from first attempts", async () => {
    const { cohort, formula, markup, cookies } = await classroom();
    const lesson = await getCompiledLesson({
      courseSlug: "ai-foundations",
      lessonSlug: "01-what-is-ai",
      lang: "zh",
    });
    const quiz = lesson?.answerKey[0];
    const single = quiz?.questions.find((q) => q.type === "single");
    if (!lesson || !quiz || single?.type !== "single")
      throw new Error("the first lesson needs a single-choice question");
    const wrong = String(single.correct[0] === 0 ? 1 : 0);
    for (const student of [formula, markup]) {
      insertAttempt(getDb(), {
        userId: student.id,
        courseId: "ai-foundations",
        lessonId: "aif-what-is-ai",
        quizId: quiz.id,
        answers: { [single.id]: [wrong] },
        correctCount: 0,
        total: quiz.questions.length,
        score: 0,
        passed: false,
        submittedAt: new Date(),
      });
    }
    const html = await (await ask(`/teach/${cohort.id}/quizzes`, { cookie: cookies.teacher })).text();
    // The words of the wrong choice as the lesson shows them.
    const choice = lesson.html.match(
      new RegExp(`name="answer-${single.id}"[^>]*value="${wrong}"[^>]*>\\s*<span>([^<]+)</span>`),
    )?.[1];
    expect(choice).toBeTruthy();
    // React separates adjacent text with empty comments; the words and the count are what matter.
    expect(html.replaceAll("<!-- -->", "")).toContain(`${choice} <span class="text-slate-600">（2 人）`);
    expect(html).toContain("（2 人）");
    expect(html).toContain("0%");
  });

  it("gives a one-time reset link from the student's page, audited; another teacher's post is 404", async () => {
    const { teacher, cohort, formula, cookies } = await classroom();
    const url = `/teach/${cohort.id}/students/${formula.id}?_data=${encodeURIComponent("routes/teach.$cohort_.students.$student")}`;
    const res = await ask(url, { cookie: cookies.teacher, form: { intent: "reset-link" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; resetUrl: string };
    expect(body.resetUrl).toMatch(/^http:\/\/localhost\/reset\/[\w-]{20,}$/);
    const audited = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, teacher.id), eq(auditEvents.targetId, String(formula.id))))
      .all();
    expect(audited).toHaveLength(1);
    expect((await ask(url, { cookie: cookies.colleague, form: { intent: "reset-link" } })).status).toBe(404);
    expect((await ask(url, { cookie: cookies.teacher, form: { intent: "other" } })).status).toBe(400);
  });
});
