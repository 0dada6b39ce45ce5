import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinCohort } from "~/models/enrolment.server";
import { type Db, openDatabase } from "~db/client.server";
import { createTestCohort } from "../support/cohorts";
import { createTestUniversity, createTestUser, sessionCookieFor } from "../support/factories";
import { type RunningServer, copyBaseDatabase, startServer } from "../support/server";

/**
 * The teacher workspace against the real server: each cohort page answers its
 * teachers and admins, and the same 404 to another teacher, for documents,
 * data requests and actions alike.
 */
let server: RunningServer;
let db: Db;
const cookie: Record<"mine" | "other" | "admin", string> = { mine: "", other: "", admin: "" };
let cohortId = 0;
let studentId = 0;

const PAGES: [string, string][] = [
  ["routes/teach.$cohort", ""],
  ["routes/teach.$cohort_.settings", "/settings"],
  ["routes/teach.$cohort_.qr", "/qr"],
  ["routes/teach.$cohort_.import", "/import"],
  ["routes/teach.$cohort_.roster[.csv]", "/roster.csv"],
];

beforeAll(async () => {
  const file = copyBaseDatabase("teach");
  db = openDatabase(file);
  const university = createTestUniversity("TEACH", db);
  const mine = await createTestUser({ role: "teacher", universityId: university.id }, db);
  const other = await createTestUser({ role: "teacher", universityId: university.id }, db);
  const admin = await createTestUser({ role: "admin" }, db);
  const student = await createTestUser(
    { name: '=HYPERLINK("http://evil")', universityId: university.id },
    db,
  );
  studentId = student.id;
  const cohort = createTestCohort(
    { courseId: "ai-foundations", universityId: university.id, teacherIds: [mine.id] },
    db,
  );
  createTestCohort({ courseId: "ai-foundations", universityId: university.id, teacherIds: [other.id] }, db);
  cohortId = cohort.id;
  joinCohort(db, student.id, cohort.joinCode);
  cookie.mine = await sessionCookieFor(mine.id, db);
  cookie.other = await sessionCookieFor(other.id, db);
  cookie.admin = await sessionCookieFor(admin.id, db);
  server = await startServer({
    APP_MODE: "test",
    SESSION_SECRET: process.env.SESSION_SECRET ?? "",
    DATABASE_PATH: file,
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  db?.$client.close();
});

function ask(who: keyof typeof cookie, path: string, init: RequestInit = {}) {
  return fetch(server.url + path, {
    ...init,
    redirect: "manual",
    headers: { Cookie: cookie[who], Origin: server.url, ...(init.headers ?? {}) },
  });
}

describe("the teacher workspace", () => {
  it("answers another teacher 404 on every cohort page, data request and action; admins see every cohort", async () => {
    const failures: string[] = [];
    for (const [routeId, suffix] of PAGES) {
      const path = `/teach/${cohortId}${suffix}`;
      const data = `${path}?_data=${encodeURIComponent(routeId)}`;
      const post = {
        method: "POST",
        body: new URLSearchParams({ intent: "rotate", userId: String(studentId) }),
      };
      for (const [who, url, init, want] of [
        ["other", path, {}, 404],
        ["other", data, {}, 404],
        ["mine", path, {}, 200],
        ["admin", path, {}, 200],
        ["admin", data, {}, 200],
      ] as const) {
        const res = await ask(who, url, init);
        if (res.status !== want) failures.push(`${who} GET ${url} → ${res.status}, wanted ${want}`);
      }
      // Pages with an action (the QR page and the CSV have none: 405 for everyone).
      if (!routeId.includes("[.csv]") && !routeId.endsWith(".qr")) {
        const res = await ask("other", data, post);
        if (res.status !== 404) failures.push(`other POST ${data} → ${res.status}`);
      }
    }
    // Sort keys come from a fixed list: anything else is the default order, never SQL.
    const odd = await ask(
      "mine",
      `/teach/${cohortId}?sort=name%3BDROP+TABLE+users&dir=sideways&page=-3&q=%25_`,
    );
    if (odd.status !== 200) failures.push(`odd roster parameters → ${odd.status}`);
    for (const bad of ["abc", "0", "99999999", "1e3"]) {
      const res = await ask("mine", `/teach/${bad}/settings`);
      if (res.status !== 404) failures.push(`/teach/${bad}/settings → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("lists the teacher's cohort with its head count on /teach, and admins see all cohorts", async () => {
    const mine = await (await ask("mine", "/teach?_data=routes%2Fteach._index")).json();
    expect(mine.cohorts.map((c: { id: number; enrolled: number }) => [c.id, c.enrolled])).toEqual([
      [cohortId, 1],
    ]);
    const all = await (await ask("admin", "/teach?_data=routes%2Fteach._index")).json();
    expect(all.total).toBeGreaterThanOrEqual(2);
  });

  it("exports the roster as UTF-8 CSV with a BOM and the formula-like name neutralised", async () => {
    const res = await ask("mine", `/teach/${cohortId}/roster.csv`);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain("attachment");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it("previews and applies a GBK roster upload, then hands out activation links once", async () => {
    const csv = "学号,姓名,邮箱\r\nT001,张三,zhang.teach@example.edu\r\nT002,李四,bad-email\r\n";
    const upload = (intent: string, hash?: string) => {
      const form = new FormData();
      form.append("intent", intent);
      if (hash) form.append("hash", hash);
      form.append(
        "file",
        new Blob([new Uint8Array(iconv.encode(csv, "gbk"))], { type: "text/csv" }),
        "roster.csv",
      );
      return ask(
        "mine",
        `/teach/${cohortId}/import?_data=${encodeURIComponent("routes/teach.$cohort_.import")}`,
        {
          method: "POST",
          body: form,
        },
      );
    };
    const preview = await (await upload("preview")).json();
    expect(preview.rows.map((r: { fate: string; name: string }) => [r.name, r.fate])).toEqual([
      ["张三", "new"],
      ["李四", "error"],
    ]);
    const applied = await (await upload("apply", preview.hash)).json();
    expect(applied).toMatchObject({ ok: true, created: 1, counts: { new: 1, error: 1 } });
    expect(applied.csv).toMatch(/\/reset\/[A-Za-z0-9_-]{43}/);
    const again = await (await upload("apply", preview.hash)).json();
    expect(again).toMatchObject({ ok: true, created: 0, counts: { new: 0, already: 1 } });
  });
});
