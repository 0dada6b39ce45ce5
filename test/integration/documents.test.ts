import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";
import { TEST_PASSWORD, createTestUser, sessionCookieFor } from "../support/factories";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

const SECRET = process.env.SESSION_SECRET ?? "";
let server: RunningServer;
let student = "";
let englishTeacher = "";
let englishStudentEmail = "";

beforeAll(async () => {
  const dbFile = copyBaseDatabase("documents");
  const db = openDatabase(dbFile);
  student = await sessionCookieFor((await createTestUser({}, db)).id, db);
  englishTeacher = await sessionCookieFor(
    (await createTestUser({ role: "teacher", locale: "en" }, db)).id,
    db,
  );
  englishStudentEmail = (await createTestUser({ locale: "en" }, db)).email;
  db.$client.close();
  server = await startProductionServer(dbFile, {
    SESSION_SECRET: SECRET,
  });
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

const get = (p: string, headers: Record<string, string> = {}) =>
  fetch(server.url + p, { headers, redirect: "manual" });

/** The ta_locale value a response sets, decoded (Remix cookies are base64 JSON). */
function localeSet(response: Response): string | undefined {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("ta_locale="));
  const value = cookie?.slice("ta_locale=".length).split(";")[0];
  return value ? JSON.parse(Buffer.from(decodeURIComponent(value), "base64").toString("utf8")) : undefined;
}

describe("HTML documents", () => {
  it("start with the doctype, whether rendered, served from the page cache, compressed or not", async () => {
    const pages: [string, Record<string, string>][] = [
      ["/", {}],
      ["/login", {}],
      ["/no-such-page", {}],
      ["/courses", {}],
      ["/courses", { "Accept-Language": "en" }],
      ["/courses/ai-foundations", {}],
      ["/courses/ai-foundations/01-what-is-ai", { Cookie: student }],
      ["/admin", { Cookie: student }],
    ];
    // Twice each: the first request fills the page cache, the second is served from it.
    for (const round of [1, 2]) {
      for (const [p, headers] of pages) {
        for (const encoding of ["identity", "gzip, br"]) {
          const res = await get(p, { ...headers, "Accept-Encoding": encoding });
          expect(res.headers.get("content-type"), p).toContain("text/html");
          const html = await res.text();
          expect(html.slice(0, 15), `${p} round ${round} ${encoding}`).toBe("<!DOCTYPE html>");
        }
      }
    }
  });
});

describe("refused pages", () => {
  it("are HTML pages in the viewer's language naming who may open them, never a permission id", async () => {
    for (const p of ["/admin", "/admin/users", "/admin/universities", "/admin/audit"]) {
      const zh = await get(p, { Cookie: student });
      expect(zh.status, p).toBe(403);
      expect(zh.headers.get("content-type"), p).toContain("text/html");
      const zhHtml = await zh.text();
      expect(zhHtml, p).toContain("此页面仅向管理员开放。");
      expect(zhHtml, p).toContain('href="/account"');
      expect(zhHtml, p).not.toMatch(/admin:(users|universities|audit)/);

      const en = await get(p, { Cookie: englishTeacher });
      expect(en.status, p).toBe(403);
      const enHtml = await en.text();
      expect(enHtml, p).toContain("This page is only for administrators.");
      expect(enHtml, p).not.toMatch(/admin:(users|universities|audit)/);
    }
  });

  it("answer data requests without the permission id either", async () => {
    const res = await get("/admin/users?_data=routes%2Fadmin.users", { Cookie: student });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ forbidden: true, roles: ["admin"] });
  });
});

describe("course length", () => {
  it("is the lessons' minutes added up, on the catalogue and the course page alike", async () => {
    for (const slug of ["ai-foundations", "npu-deep-learning", "remote-sensing"]) {
      const html = await (await get(`/courses/${slug}`, { "Accept-Language": "en" })).text();
      const minutes = Number(/lessons?, about ([\d,]+) minutes in all/.exec(html)?.[1]?.replace(",", ""));
      const hours = Number(/About ([\d.]+) hours?/.exec(html)?.[1]);
      expect(minutes, slug).toBeGreaterThan(0);
      expect(hours, slug).toBe(Math.max(0.5, Math.round(minutes / 30) / 2));
    }
    const catalogue = await (await get("/courses", { "Accept-Language": "en" })).text();
    expect(catalogue).toContain("About 4.5 hours");
    expect(catalogue).not.toMatch(/\b1 lessons\b/);
  });
});

describe("the language cookie", () => {
  it("is set to the account's language at sign-in and kept at sign-out", async () => {
    const signIn = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: englishStudentEmail, password: TEST_PASSWORD, redirectTo: "" }),
      headers: { "Accept-Language": "zh-CN" },
      redirect: "manual",
    });
    expect(signIn.status).toBe(302);
    expect(localeSet(signIn)).toBe("en");
    const session = signIn.headers
      .getSetCookie()
      .filter((c) => c.startsWith("ta_session=") && !c.startsWith("ta_session=;"))
      .map((c) => c.split(";")[0])
      .at(-1);
    expect(session).toBeTruthy();

    const signOut = await fetch(`${server.url}/logout`, {
      method: "POST",
      headers: { Cookie: session ?? "", "Accept-Language": "zh-CN" },
      redirect: "manual",
    });
    expect(signOut.status).toBe(302);
    expect(localeSet(signOut)).toBe("en");
    const after = signOut.headers
      .getSetCookie()
      .find((c) => c.startsWith("ta_locale="))
      ?.split(";")[0];
    const home = await get("/", { Cookie: after ?? "", "Accept-Language": "zh-CN" });
    expect(await home.text()).toContain('<html lang="en"');
  });

  it("is left alone when a sign-out carries no session, a forged one, or odd fields", async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, ""],
      [{ Cookie: "ta_session=forged.value; ta_locale=garbage" }, "locale=en&locale=zh-CN&__proto__=1"],
    ];
    for (const [headers, body] of cases) {
      const res = await fetch(`${server.url}/logout`, {
        method: "POST",
        body,
        headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
        redirect: "manual",
      });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/");
      expect(localeSet(res)).toBeUndefined();
    }
  });
});
