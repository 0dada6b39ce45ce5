import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeComputeClient, rotateComputeClient } from "~/models/compute-clients.server";
import { balance } from "~/models/ledger.server";
import { type Db, openDatabase } from "~db/client.server";
import { createTestClient, createFundedAccount, type ComputeCenterClient } from "../support/compute-client";
import { sessionCookieFor, createTestUser } from "../support/factories";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

/**
 * The signed compute-center API against the real production server, spoken
 * to by the client written from docs/api/compute-v1.md. Every refusal is
 * checked to have changed nothing.
 */
let server: RunningServer;
let db: Db;
let center: ComputeCenterClient;
let clientId: string;
let secret: string;

beforeAll(async () => {
  const file = copyBaseDatabase("compute-api");
  db = openDatabase(file);
  server = await startProductionServer(file);
  ({ client: center, clientId, secret } = createTestClient(db, server.url));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  db?.$client.close();
});

/** Everything the API can write. */
function fingerprint(): string {
  return JSON.stringify(
    ["ledger_entries", "compute_holds", "compute_usage_records", "credit_lots", "lot_allocations"].map((t) =>
      db.$client.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
    ),
  );
}

let n = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++n}`;

function usageFor(hold: { holdId: string; account: string; pool: string; jobId: string }, minutes: number) {
  return {
    recordId: unique("rec"),
    holdId: hold.holdId,
    account: hold.account,
    pool: hold.pool,
    jobId: hold.jobId,
    startedAt: "2026-11-30T08:00:00Z",
    endedAt: "2026-11-30T09:00:00.500Z",
    minutes,
  };
}

describe("signatures", () => {
  it("refuses unsigned, wrongly signed, stale, tampered and unknown-client requests with 401 and changes nothing", async () => {
    const { handle, poolSlug } = await createFundedAccount(db, 100);
    const hold = { holdId: unique("h"), account: handle, pool: poolSlug, minutes: 10, jobId: "j" };
    const before = fingerprint();
    const body = JSON.stringify(hold);
    const attempts = {
      missing: await center.placeHold(hold, { signature: null }),
      wrong: await center.placeHold(hold, { signature: `v1=${"0".repeat(64)}` }),
      malformed: await center.placeHold(hold, { signature: "sha256=abc" }),
      stale: await center.placeHold(hold, { timestamp: String(Math.floor(Date.now() / 1000) - 301) }),
      future: await center.placeHold(hold, { timestamp: String(Math.floor(Date.now() / 1000) + 301) }),
      unknownClient: await center.placeHold(hold, { clientId: "cc_nobody" }),
      noClient: await center.placeHold(hold, { clientId: null }),
    };
    expect(fingerprint()).toBe(before);
    // A body changed by one byte after signing: sign the original, send another.
    const good = await center.send("POST", "/api/compute/v1/holds", undefined, { rawBody: body });
    expect(good.status).toBe(201);
    const afterGood = fingerprint();
    const signature = (await signatureOf(body)).header;
    const tampered = await center.send("POST", "/api/compute/v1/holds", undefined, {
      rawBody: body.replace('"minutes":10', '"minutes":11'),
      signature,
    });
    const codes = Object.fromEntries(
      Object.entries({ ...attempts, tampered }).map(([k, a]) => [k, `${a.status} ${a.json.error?.code}`]),
    );
    expect(codes).toEqual({
      missing: "401 invalid_signature",
      wrong: "401 invalid_signature",
      malformed: "401 invalid_signature",
      stale: "401 stale_timestamp",
      future: "401 stale_timestamp",
      unknownClient: "401 unknown_client",
      noClient: "401 unknown_client",
      tampered: "401 invalid_signature",
    });
    expect(tampered.json.error?.message).toBeTruthy();
    expect(fingerprint()).toBe(afterGood);
  });

  it("accepts a request signed with two secrets while a rotation overlaps, then refuses a revoked client", async () => {
    const made = createTestClient(db, server.url, "rotating center");
    const { handle } = await createFundedAccount(db, 10);
    expect((await made.client.balance(handle)).status).toBe(200);
    const { secret: next } = rotateComputeClient(db, { id: null, label: "test" }, made.clientId);
    // The old secret alone still works during the overlap; the new one alone too; and both at once.
    expect((await made.client.balance(handle)).status).toBe(200);
    made.client.options.secrets = [next];
    expect((await made.client.balance(handle)).status).toBe(200);
    made.client.options.secrets = [made.secret, next];
    expect((await made.client.balance(handle)).status).toBe(200);
    revokeComputeClient(db, { id: null, label: "test" }, made.clientId);
    const before = fingerprint();
    const refused = await made.client.balance(handle);
    expect([refused.status, refused.json.error?.code]).toEqual([401, "unknown_client"]);
    const hold = await made.client.placeHold({
      holdId: unique("h"),
      account: handle,
      pool: "x",
      minutes: 1,
      jobId: "j",
    });
    expect(hold.status).toBe(401);
    expect(fingerprint()).toBe(before);
    const audit = db.$client
      .prepare("SELECT action FROM audit_events WHERE target_id = ? ORDER BY id")
      .all(made.clientId) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual([
      "compute-client.create",
      "compute-client.rotate",
      "compute-client.revoke",
    ]);
  });

  it("ignores session cookies: a signed-in admin without a signature gets 401", async () => {
    const admin = await createTestUser({ role: "admin" }, db);
    const cookie = await sessionCookieFor(admin.id, db);
    const res = await fetch(`${server.url}/api/compute/v1/accounts/anything`, {
      headers: { Cookie: cookie },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });
});

async function signatureOf(body: string) {
  const { sign } = await import("../../scripts/compute-center/client");
  const ts = String(Math.floor(Date.now() / 1000));
  return { header: `v1=${sign(secret, ts, "POST", "/api/compute/v1/holds", body)}`, ts };
}

function rawStatus(rawPath: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: server.port,
        method: "POST",
        path: rawPath,
        headers: { ...headers, "Content-Type": "application/json", "Content-Length": "2" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end("{}");
  });
}

describe("the Origin exemption", () => {
  it("exempts the normalised API prefix only", async () => {
    const foreign = { Origin: "https://evil.example", "Content-Type": "application/json" };
    const api = await fetch(`${server.url}/api/compute/v1/holds`, {
      method: "POST",
      headers: foreign,
      body: "{}",
    });
    expect(api.status).toBe(401);
    expect((await api.json()).error.code).toBe("unknown_client");
    // Sent as written (fetch would resolve the dots before sending).
    for (const trick of [
      "/api/compute/v1/../../admin/users",
      "/api/compute/v1/%2e%2e/%2e%2e/admin/users",
      "/api/compute/v1/%2E%2E/%2E%2E/logout",
      "/api/compute/v1/..\\..\\logout",
      "//api/compute/v1/holds",
      "/api/compute/v1//../../../logout",
    ]) {
      const status = await rawStatus(trick, { Origin: "https://evil.example" });
      expect(`${trick} → ${status}`).toBe(`${trick} → 403`);
    }
  });

  it("lets a client that hangs up before its body has arrived go, without an error in the log", async () => {
    const before = server.output().length;
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: "127.0.0.1",
        port: server.port,
        method: "POST",
        path: "/api/compute/v1/holds",
        headers: { "Content-Type": "application/json", "Content-Length": "50" },
      });
      req.on("error", () => resolve());
      req.write("{");
      setTimeout(() => req.destroy(), 100);
    });
    // The server notices the closed socket; then it still answers.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(server.output().slice(before)).not.toContain('"level":"error"');
  });

  it("answers JSON before Remix too: too large, chunked, unknown endpoint, wrong method, wrong type", async () => {
    const big = await fetch(`${server.url}/api/compute/v1/holds`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "x".repeat(17 * 1024),
    });
    expect([big.status, (await big.json()).error.code]).toEqual([413, "payload_too_large"]);
    // A chunked body declares no size: refused before it is read, on the plain path and another spelling.
    for (const path of ["/api/compute/v1/holds", "/api/compute/v1//holds"]) {
      const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: "127.0.0.1",
            port: server.port,
            method: "POST",
            path,
            headers: { "Content-Type": "application/json", "Transfer-Encoding": "chunked" },
          },
          (res) => {
            let body = "";
            res.on("data", (chunk: Buffer) => {
              body += chunk.toString("utf8");
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on("error", reject);
        req.write("{");
        req.end("}");
      });
      expect([path, chunked.status, JSON.parse(chunked.body).error.code]).toEqual([
        path,
        411,
        "length_required",
      ]);
    }
    const unknown = await center.send("GET", "/api/compute/v1/nothing/here");
    expect([unknown.status, unknown.json.error?.code]).toEqual([404, "not_found"]);
    const method = await center.send("GET", "/api/compute/v1/holds");
    expect([method.status, method.json.error?.code]).toEqual([405, "method_not_allowed"]);
    // The endpoint table matches whole segments: nothing after an endpoint, no empty segment, no bad escape.
    for (const path of [
      "/api/compute/v1/holds/h1/release/again",
      "/api/compute/v1/holds//release",
      "/api/compute/v1/usage/extra",
      "/api/compute/v1/",
    ]) {
      const answer = await center.send("POST", path, {});
      expect(`${path} → ${answer.status} ${answer.json.error?.code}`).toBe(`${path} → 404 not_found`);
    }
    const undecodable = await center.send("POST", "/api/compute/v1/holds/%E0%A4%A/release", {});
    expect([undecodable.status, undecodable.json.error?.code]).toEqual([400, "validation_failed"]);
    const type = await center.send(
      "POST",
      "/api/compute/v1/holds",
      {},
      { headers: { "Content-Type": "text/plain" } },
    );
    expect([type.status, type.json.error?.code]).toEqual([415, "unsupported_media_type"]);
  });
});

describe("validation", () => {
  it("refuses bad amounts, missing and extra fields and bad times with 400, changing nothing", async () => {
    const { handle, poolSlug } = await createFundedAccount(db, 100);
    const base = { holdId: unique("h"), account: handle, pool: poolSlug, minutes: 10, jobId: "j" };
    const before = fingerprint();
    const bodies: string[] = [
      ...["-5", "0", "1e308", '"NaN"', "9223372036854775808", '"10abc"', "10.5", "null", "true", '"10"'].map(
        (m) => JSON.stringify(base).replace('"minutes":10', `"minutes":${m}`),
      ),
      JSON.stringify({ ...base, minutes: undefined }),
      JSON.stringify({ ...base, holdId: "" }),
      JSON.stringify({ ...base, holdId: "a b" }),
      JSON.stringify({ ...base, holdId: "x".repeat(129) }),
      JSON.stringify({ ...base, extra: 1 }),
      `{"__proto__":{"minutes":1},${JSON.stringify(base).slice(1)}`,
      "[]",
      "null",
      "{",
      "",
    ];
    const failures: string[] = [];
    for (const rawBody of bodies) {
      const res = await center.send("POST", "/api/compute/v1/holds", undefined, { rawBody });
      if (res.status !== 400 || res.json.error?.code !== "validation_failed")
        failures.push(`${rawBody} → ${res.status} ${res.text}`);
    }
    expect(fingerprint()).toBe(before);
    const hold = await center.placeHold(base);
    expect(hold.status).toBe(201);
    const usage = usageFor(base, 5);
    for (const bad of [
      { ...usage, startedAt: "2026-02-30T08:00:00Z" },
      { ...usage, startedAt: "2026-11-30 08:00:00" },
      { ...usage, endedAt: "2026-11-30T08:00:00+08:00" },
      { ...usage, endedAt: "2026-11-30T07:59:59Z" },
      { ...usage, endedAt: new Date(Date.now() + 3_600_000).toISOString() },
      { ...usage, minutes: 0 },
      { ...usage, recordId: undefined },
    ]) {
      const res = await center.recordUsage(bad as typeof usage);
      if (res.status !== 400 || res.json.error?.code !== "validation_failed")
        failures.push(`${JSON.stringify(bad)} → ${res.status} ${res.text}`);
    }
    expect(failures).toEqual([]);
    expect(
      db.$client
        .prepare(
          "SELECT count(*) AS n FROM compute_usage_records WHERE hold_id IN (SELECT id FROM compute_holds WHERE hold_id = ?)",
        )
        .get(base.holdId),
    ).toEqual({ n: 0 });
  });
});

describe("holds, usage and release", () => {
  it("holds, settles, releases the rest and reports balances; unknown things are 404", async () => {
    const { handle, poolSlug, accountId } = await createFundedAccount(db, 100);
    const hold = { holdId: unique("h"), account: handle, pool: poolSlug, minutes: 60, jobId: "job-1" };
    const placed = await center.placeHold(hold);
    expect(placed.status).toBe(201);
    expect(placed.json).toMatchObject({
      holdId: hold.holdId,
      heldMinutes: 60,
      balanceMinutes: 40,
      status: "open",
    });
    const expires = Date.parse(placed.json.expiresAt) - Date.now();
    expect(expires).toBeGreaterThan(23.9 * 3_600_000);
    expect(expires).toBeLessThanOrEqual(24 * 3_600_000);
    const looked = await center.balance(handle);
    expect(looked.json.pools.find((p) => p.pool === poolSlug)).toEqual({
      pool: poolSlug,
      balanceMinutes: 40,
      heldMinutes: 60,
    });
    const settled = await center.recordUsage(usageFor(hold, 42));
    expect(settled.status).toBe(201);
    expect(settled.json).toMatchObject({
      debitedMinutes: 42,
      releasedMinutes: 18,
      unpaidMinutes: 0,
      balanceMinutes: 58,
    });
    expect(balance(db, accountId)).toBe(58);
    // The hold is settled: neither another usage record nor a release may use it.
    const again = await center.recordUsage(usageFor(hold, 1));
    expect([again.status, again.json.error?.code]).toEqual([409, "hold_closed"]);
    const release = await center.releaseHold(hold.holdId);
    expect([release.status, release.json.error?.code]).toEqual([409, "hold_closed"]);

    const second = { ...hold, holdId: unique("h"), minutes: 20 };
    expect((await center.placeHold(second)).json.balanceMinutes).toBe(38);
    const released = await center.releaseHold(second.holdId);
    expect(released.status).toBe(200);
    expect(released.json).toMatchObject({ releasedMinutes: 20, balanceMinutes: 58, status: "released" });
    expect((await center.releaseHold(second.holdId)).status).toBe(200);
    expect(balance(db, accountId)).toBe(58);

    const unknown = {
      account: await center.balance("u-nobody"),
      pool: await center.placeHold({ ...hold, holdId: unique("h"), pool: "no-pool" }),
      holdAccount: await center.placeHold({ ...hold, holdId: unique("h"), account: "u-nobody" }),
      hold: await center.releaseHold("no-such-hold"),
      usageHold: await center.recordUsage(usageFor({ ...hold, holdId: "no-such-hold" }, 1)),
    };
    expect(
      Object.fromEntries(Object.entries(unknown).map(([k, a]) => [k, `${a.status} ${a.json.error?.code}`])),
    ).toEqual({
      account: "404 unknown_account",
      pool: "404 unknown_pool",
      holdAccount: "404 unknown_account",
      hold: "404 unknown_hold",
      usageHold: "404 unknown_hold",
    });
  });

  it("settles a hold only for its own account, and holds nothing from a pool the person has no account in", async () => {
    const mine = await createFundedAccount(db, 100);
    const theirs = await createFundedAccount(db, 100);
    const hold = { holdId: unique("h"), account: mine.handle, pool: mine.poolSlug, minutes: 30, jobId: "j" };
    expect((await center.placeHold(hold)).status).toBe(201);
    const before = fingerprint();
    const refused = {
      otherAccount: await center.recordUsage(
        usageFor({ ...hold, account: theirs.handle, pool: theirs.poolSlug }, 10),
      ),
      // The same person in a pool where they have no account.
      noAccount: await center.recordUsage(usageFor({ ...hold, pool: theirs.poolSlug }, 10)),
      holdNoAccount: await center.placeHold({ ...hold, holdId: unique("h"), pool: theirs.poolSlug }),
      holdIdAgain: await center.placeHold({ ...hold, pool: theirs.poolSlug }),
    };
    expect(
      Object.fromEntries(Object.entries(refused).map(([k, a]) => [k, `${a.status} ${a.json.error?.code}`])),
    ).toEqual({
      otherAccount: "400 validation_failed",
      noAccount: "400 validation_failed",
      holdNoAccount: "409 insufficient_balance",
      holdIdAgain: "409 idempotency_conflict",
    });
    expect(refused.holdNoAccount.json.error).toMatchObject({ shortfallMinutes: 30, balanceMinutes: 0 });
    expect(fingerprint()).toBe(before);
    const settled = await center.recordUsage(usageFor(hold, 10));
    expect([settled.status, settled.json.balanceMinutes]).toEqual([201, 90]);
    expect(balance(db, theirs.accountId)).toBe(100);
  });

  it("lapses a hold left open past its 24 hours: its minutes return and it can no longer be used", async () => {
    const { handle, poolSlug, accountId } = await createFundedAccount(db, 100);
    const hold = { holdId: unique("h"), account: handle, pool: poolSlug, minutes: 70, jobId: "j" };
    expect((await center.placeHold(hold)).json.balanceMinutes).toBe(30);
    // As if 24 hours had passed: the server's clock is real, so move the hold's deadline instead.
    db.$client
      .prepare("UPDATE compute_holds SET expires_at = ? WHERE hold_id = ?")
      .run(Date.now() - 1, hold.holdId);
    const looked = await center.balance(handle);
    expect(looked.json.pools.find((p) => p.pool === poolSlug)).toMatchObject({
      balanceMinutes: 100,
      heldMinutes: 0,
    });
    const late = await center.recordUsage(usageFor(hold, 10));
    expect([late.status, late.json.error?.code, late.json.error?.holdStatus]).toEqual([
      409,
      "hold_closed",
      "lapsed",
    ]);
    expect(balance(db, accountId)).toBe(100);
  });

  it("refuses a hold the balance cannot cover with 409 and the shortfall", async () => {
    const { handle, poolSlug } = await createFundedAccount(db, 50);
    const before = fingerprint();
    const res = await center.placeHold({
      holdId: unique("h"),
      account: handle,
      pool: poolSlug,
      minutes: 80,
      jobId: "j",
    });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({
      code: "insufficient_balance",
      shortfallMinutes: 30,
      balanceMinutes: 50,
    });
    expect(fingerprint()).toBe(before);
  });

  it("answers a retry with the first answer byte for byte, and the same id with another body with 409", async () => {
    const { handle, poolSlug, accountId } = await createFundedAccount(db, 100);
    const hold = { holdId: unique("h"), account: handle, pool: poolSlug, minutes: 30, jobId: "j" };
    const first = await center.placeHold(hold);
    // Another hold in between changes the balance; the retry must still say what the first answer said.
    await center.placeHold({ ...hold, holdId: unique("h"), minutes: 5 });
    const retry = await center.send("POST", "/api/compute/v1/holds", undefined, {
      rawBody: JSON.stringify({
        jobId: "j",
        minutes: 30,
        pool: poolSlug,
        account: handle,
        holdId: hold.holdId,
      }),
    });
    expect([retry.status, retry.text]).toEqual([first.status, first.text]);
    const conflict = await center.placeHold({ ...hold, minutes: 31 });
    expect([conflict.status, conflict.json.error?.code]).toEqual([409, "idempotency_conflict"]);

    const record = usageFor(hold, 10);
    const settled = await center.recordUsage(record);
    const again = await center.recordUsage(record);
    expect([again.status, again.text]).toEqual([settled.status, settled.text]);
    const other = await center.recordUsage({ ...record, minutes: 11 });
    expect([other.status, other.json.error?.code]).toEqual([409, "idempotency_conflict"]);
    expect(balance(db, accountId)).toBe(85);
    // Another client's ids are its own: the same holdId from another client is another hold.
    const stranger = createTestClient(db, server.url, "other center").client;
    expect((await stranger.releaseHold(hold.holdId)).json.error?.code).toBe("unknown_hold");
  });
});

describe("a burst of holds (one transaction per turn, decision 020)", () => {
  it("answers each hold of a burst on its own: the balance pays for ten of twelve, the two it cannot are refused", async () => {
    const { handle, poolSlug, accountId } = await createFundedAccount(db, 100);
    const holds = Array.from({ length: 12 }, () => ({
      holdId: unique("burst"),
      account: handle,
      pool: poolSlug,
      minutes: 10,
      jobId: unique("job"),
    }));
    const answers = await Promise.all(holds.map((hold) => center.placeHold(hold)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(10).fill(201), 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.json.error).toMatchObject({ code: "insufficient_balance", shortfallMinutes: 10 });
    // The ten that were answered 201 are exactly the ten held; the two refused left nothing behind.
    const held = db.$client
      .prepare("SELECT hold_id FROM compute_holds WHERE account_id = ? ORDER BY hold_id")
      .pluck()
      .all(accountId);
    const accepted = holds.filter((_, i) => answers[i]?.status === 201).map((h) => h.holdId);
    expect(held).toEqual([...accepted].sort());
    expect(balance(db, accountId)).toBe(0);
    // Each answer reports the balance as its own write left it: 90, 80, … 0, each once.
    const balances = answers.filter((a) => a.status === 201).map((a) => Number(a.json.balanceMinutes));
    expect(balances.sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it("answers every hold of a burst 503 (service_unavailable) while another process holds the write lock, and writes none", async () => {
    const { handle, poolSlug } = await createFundedAccount(db, 100);
    const before = fingerprint();
    const script = `
      const db = new (require("better-sqlite3"))(${JSON.stringify(db.$client.name)});
      db.exec("BEGIN IMMEDIATE");
      process.stdout.write("locked\\n");
      setTimeout(() => { db.exec("ROLLBACK"); db.close(); }, 8000);
    `;
    const holder = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.on("error", reject);
        holder.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
      });
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          center.placeHold({
            holdId: unique("busy"),
            account: handle,
            pool: poolSlug,
            minutes: 1,
            jobId: "j",
          }),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.json.error?.code).toBe("service_unavailable");
      }
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.once("exit", resolve));
    }
    expect(fingerprint()).toBe(before);
    // The lock is gone: the next hold goes through.
    const after = await center.placeHold({
      holdId: unique("free"),
      account: handle,
      pool: poolSlug,
      minutes: 1,
      jobId: "j",
    });
    expect(after.status).toBe(201);
  });
});

describe("the simulator", () => {
  it("runs jobs against the server and exits cleanly", async () => {
    const { handle, poolSlug, accountId } = await createFundedAccount(db, 500);
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/compute-center-sim.ts",
        "--account",
        handle,
        "--pool",
        poolSlug,
        "--jobs",
        "6",
        "--minutes",
        "20",
      ],
      {
        env: {
          ...process.env,
          COMPUTE_BASE_URL: server.url,
          COMPUTE_CLIENT_ID: clientId,
          COMPUTE_CLIENT_SECRET: secret,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (c) => {
      output += c;
    });
    child.stderr.on("data", (c) => {
      output += c;
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toContain("the first answer, debited once");
    expect(output).toContain("release →");
    expect(balance(db, accountId)).toBeLessThan(500);
  }, 60_000);
});
