import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueBatch } from "~/models/vouchers.server";
import { type Db, openDatabase } from "~db/client.server";
import { createTestPool, ledgerProblems } from "../support/compute";
import { createTestUser, sessionCookieFor } from "../support/factories";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

/** Redemption and issuance against the real production server and its database file. */
let server: RunningServer;
let db: Db;
let poolId = 0;
let adminCookie = "";
const DAY = 24 * 60 * 60 * 1000;
const actor = { id: null, label: "test" };

beforeAll(async () => {
  const file = copyBaseDatabase("vouchers");
  db = openDatabase(file);
  poolId = createTestPool({}, db).id;
  adminCookie = await sessionCookieFor((await createTestUser({ role: "admin" }, db)).id, db);
  server = await startProductionServer(file);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  db?.$client.close();
});

function post(path: string, cookie: string, fields: [string, string][]) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Cookie: cookie, Origin: server.url, "Accept-Language": "en" },
    redirect: "manual",
  });
}

function fingerprint() {
  const hash = createHash("sha256");
  for (const table of ["voucher_batches", "vouchers", "ledger_entries", "credit_lots", "audit_events"])
    hash.update(JSON.stringify(db.$client.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()));
  return hash.digest("hex");
}

describe("redeeming over HTTP", () => {
  it("50 parallel redemptions of one code: exactly one succeeds, credited once", async () => {
    const issued = issueBatch(db, actor, {
      poolId,
      count: 1,
      minutesEach: 120,
      expiresAt: new Date(Date.now() + 30 * DAY),
      purpose: "race",
      cohortId: null,
    });
    if (!issued.ok) throw new Error(issued.reason);
    const students = await Promise.all(Array.from({ length: 10 }, () => createTestUser({}, db)));
    const cookies = await Promise.all(students.map((s) => sessionCookieFor(s.id, db)));
    const code = issued.codes[0] ?? "";
    const answers = await Promise.all(
      // Both ways in at once: the page's action (no script) and the script's endpoint.
      Array.from({ length: 50 }, (_, i) =>
        post(i % 2 ? "/compute/redeem" : "/compute?_data=routes%2Fcompute", cookies[i % 10] ?? "", [
          ["code", code],
        ]),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 400)).toBe(true);
    const credits = db.$client
      .prepare("SELECT account_id, minutes FROM ledger_entries WHERE reference = ?")
      .all(
        `voucher:${db.$client.prepare("SELECT id FROM vouchers WHERE batch_id = ?").pluck().get(issued.batchId)}`,
      ) as {
      account_id: number;
      minutes: number;
    }[];
    expect(credits).toEqual([{ account_id: expect.any(Number), minutes: 120 }]);
    expect(ledgerProblems(db, credits[0]?.account_id ?? 0)).toEqual([]);
  });

  it("tells the student what was wrong, in their language (zh-CN), and shows the credit in the history", async () => {
    const student = await createTestUser({}, db);
    const cookie = await sessionCookieFor(student.id, db);
    const issued = issueBatch(db, actor, {
      poolId,
      count: 1,
      minutesEach: 45,
      expiresAt: new Date(Date.now() + 30 * DAY),
      purpose: "page",
      cohortId: null,
    });
    if (!issued.ok) throw new Error(issued.reason);
    const bad = await post("/compute?_data=routes%2Fcompute", cookie, [["code", "not a code"]]);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fieldErrors: { code: { key: "compute.error.format" } } });
    const ok = await post("/compute", cookie, [["code", issued.codes[0] ?? ""]]);
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain("增加 45 分钟");
    const page = await fetch(`${server.url}/compute`, {
      headers: { Cookie: cookie, "Accept-Language": "en" },
    });
    const text = await page.text();
    expect(text).toMatch(/data-account-handle="u-[0-9a-z]{16}"/);
    expect(text).toContain('data-ledger-kind="redeem"');
    expect(text).not.toContain(issued.codes[0] ?? "");
  });
});

describe("the redeem form's script endpoint, POST /compute/redeem", () => {
  it("answers JSON in the form's shape, refuses strangers, and throttles failures", async () => {
    const student = await createTestUser({}, db);
    const cookie = await sessionCookieFor(student.id, db);
    const teacher = await sessionCookieFor((await createTestUser({ role: "teacher" }, db)).id, db);
    const issued = issueBatch(db, actor, {
      poolId,
      count: 1,
      minutesEach: 30,
      expiresAt: new Date(Date.now() + 30 * DAY),
      purpose: "script",
      cohortId: null,
    });
    if (!issued.ok) throw new Error(issued.reason);
    const code = issued.codes[0] ?? "";
    const before = fingerprint();
    const refusals = [
      await post("/compute/redeem", "", [["code", code]]),
      await post("/compute/redeem", teacher, [["code", code]]),
      await fetch(`${server.url}/compute/redeem`, {
        method: "POST",
        body: new URLSearchParams({ code }),
        headers: { Cookie: cookie, Origin: "https://evil.example" },
      }),
      await post("/compute/redeem", cookie, [["code", code.padEnd(2000, "x")]]),
      await post("/compute/redeem", cookie, [
        ["code", code],
        ["code", code],
      ]),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 403, 403, 413, 400]);
    expect(fingerprint()).toBe(before);

    const ok = await post("/compute/redeem", cookie, [["code", code.toLowerCase()]]);
    expect([ok.status, ok.headers.get("Cache-Control")]).toEqual([200, "private, no-store"]);
    expect(await ok.json()).toMatchObject({ redeemed: { minutes: 30, nameEn: expect.any(String) } });
    const again = await post("/compute/redeem", cookie, [["code", code]]);
    expect([again.status, await again.json()]).toEqual([
      400,
      { fieldErrors: { code: { key: "compute.error.used_by_you" } }, values: { code } },
    ]);

    // Ten failures in the window, then the student is told when to try again (in their language).
    for (let i = 0; i < 10; i++) {
      const wrong = await post("/compute/redeem", cookie, [["code", "not a code"]]);
      expect(wrong.status).toBe(400);
    }
    const locked = await post("/compute/redeem", cookie, [["code", code]]);
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({
      fieldErrors: { code: { key: "compute.error.throttled", params: { time: expect.any(String) } } },
    });
  });
});

describe("issuing over HTTP", () => {
  it("refuses hostile amounts with 400 and writes nothing", async () => {
    const hostile = [
      "-5",
      "0",
      "1e308",
      "NaN",
      String(2 ** 63),
      "9223372036854775808",
      "10abc",
      "1.5",
      " ",
      "0x10",
      "١٢",
    ];
    const base: Record<string, string> = {
      intent: "issue",
      poolId: String(poolId),
      count: "2",
      minutesEach: "30",
      expiresOn: "2099-12-31",
      purpose: "hostile",
      cohortId: "",
    };
    const before = fingerprint();
    const failures: string[] = [];
    for (const field of ["count", "minutesEach"]) {
      for (const value of hostile) {
        const fields = Object.entries({ ...base, [field]: value });
        const res = await post(
          "/admin/compute/batches?_data=routes%2Fadmin.compute.batches",
          adminCookie,
          fields,
        );
        if (res.status !== 400) failures.push(`${field}=${JSON.stringify(value)} → ${res.status}`);
      }
    }
    for (const expiresOn of ["2026-02-30", "yesterday", "2000-01-01", "99999-01-01"]) {
      const res = await post(
        "/admin/compute/batches?_data=routes%2Fadmin.compute.batches",
        adminCookie,
        Object.entries({ ...base, expiresOn }),
      );
      if (res.status !== 400) failures.push(`expiresOn=${expiresOn} → ${res.status}`);
    }
    const tooMany = await post(
      "/admin/compute/batches?_data=routes%2Fadmin.compute.batches",
      adminCookie,
      Object.entries({ ...base, count: "10001" }),
    );
    if (tooMany.status !== 400) failures.push(`count=10001 → ${tooMany.status}`);
    expect(failures).toEqual([]);
    expect(fingerprint()).toBe(before);
  });

  it("refuses a batch past capacity, saying by how much", async () => {
    const small = createTestPool({ capacityMinutesPerMonth: 100, overcommitPercent: 100 }, db);
    const res = await post("/admin/compute/batches?_data=routes%2Fadmin.compute.batches", adminCookie, [
      ["intent", "issue"],
      ["poolId", String(small.id)],
      ["count", "10"],
      ["minutesEach", "50"],
      ["expiresOn", new Date(Date.now() + DAY).toISOString().slice(0, 10)],
      ["purpose", "too much"],
      ["cohortId", ""],
    ]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fieldErrors: { count: { key: string; params: { over: number } } } };
    expect(body.fieldErrors.count.key).toBe("batches.capacity");
    // 500 minutes against at most two months of 100.
    expect(body.fieldErrors.count.params.over).toBeGreaterThanOrEqual(300);
  });
});
