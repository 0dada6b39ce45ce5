import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { computeClients, creditLots, ledgerEntries } from "~db/schema";
import { createTestUser } from "../../test/support/factories";
import { createTestPool, ledgerProblems } from "../../test/support/compute";
import {
  accountByHandle,
  balance,
  credit,
  ensureAccount,
  ensureHandle,
  expireDue,
  heldMinutes,
  lapseHolds,
  placeHold,
  releaseHold,
  settleHold,
  spend,
} from "./ledger.server";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 5, 1, 4, 0, 0);
let keys = 0;
const key = (what: string) => `${what}:${process.pid}:${++keys}`;

async function account() {
  const db = getDb();
  const user = await createTestUser();
  const pool = createTestPool();
  return { db, user, pool, account: ensureAccount(db, user.id, pool.id) };
}

function client() {
  const id = key("client");
  getDb().insert(computeClients).values({ id, name: id }).run();
  return id;
}

function lotsOf(accountId: number) {
  return getDb()
    .select()
    .from(creditLots)
    .where(eq(creditLots.accountId, accountId))
    .orderBy(creditLots.id)
    .all();
}

function give(accountId: number, minutes: number, expiresInDays: number) {
  return credit(getDb(), {
    accountId,
    minutes,
    kind: "grant",
    reference: "grant:test",
    idempotencyKey: key("credit"),
    expiresAt: new Date(NOW + expiresInDays * DAY),
    now: NOW,
  });
}

describe("accounts and handles", () => {
  it("gives each person one random handle and one account per pool", async () => {
    const { db, user, pool, account: a } = await account();
    expect(ensureAccount(db, user.id, pool.id).id).toBe(a.id);
    const handle = ensureHandle(db, user.id);
    expect(handle).toMatch(/^u-[0-9a-z]{16}$/);
    expect(ensureHandle(db, (await createTestUser()).id)).not.toBe(handle);
    expect(ensureHandle(db, user.id)).toBe(handle);
    expect(accountByHandle(db, handle, pool.slug)).toMatchObject({ ok: true, account: { id: a.id } });
    expect(accountByHandle(db, "u-nobody", pool.slug)).toEqual({ ok: false, code: "unknown_account" });
    expect(accountByHandle(db, handle, "no-such-pool")).toEqual({ ok: false, code: "unknown_pool" });
  });
});

describe("credit and spend", () => {
  it("credits once per idempotency key", async () => {
    const { db, account: a } = await account();
    const input = {
      accountId: a.id,
      minutes: 60,
      kind: "redeem" as const,
      reference: "voucher:1",
      idempotencyKey: key("redeem"),
      expiresAt: new Date(NOW + DAY),
      now: NOW,
    };
    expect(credit(db, input).created).toBe(true);
    expect(credit(db, input).created).toBe(false);
    expect(balance(db, a.id)).toBe(60);
    expect(lotsOf(a.id)).toHaveLength(1);
    expect(ledgerProblems(db, a.id)).toEqual([]);
  });

  it("refuses non-integer, zero and negative amounts", async () => {
    const { db, account: a } = await account();
    for (const minutes of [0, -5, 1.5, Number.NaN, 2 ** 63, 1e308]) {
      expect(() =>
        credit(db, {
          accountId: a.id,
          minutes,
          kind: "adjust",
          reference: "x",
          idempotencyKey: key("bad"),
          expiresAt: new Date(NOW + DAY),
          now: NOW,
        }),
      ).toThrow(RangeError);
    }
    expect(balance(db, a.id)).toBe(0);
  });

  it("spends the soonest-expiring minutes first and never below zero", async () => {
    const { db, account: a } = await account();
    give(a.id, 30, 10);
    give(a.id, 20, 5);
    const spent = spend(db, {
      accountId: a.id,
      minutes: 25,
      kind: "usage",
      reference: "usage:1",
      idempotencyKey: key("use"),
      now: NOW,
    });
    expect(spent).toMatchObject({ ok: true, minutes: 25 });
    expect(lotsOf(a.id).map((l) => l.remaining)).toEqual([25, 0]);

    const tooMuch = spend(db, {
      accountId: a.id,
      minutes: 26,
      kind: "usage",
      reference: "usage:2",
      idempotencyKey: key("use"),
      now: NOW,
    });
    expect(tooMuch).toEqual({ ok: false, shortfall: 1 });
    expect(balance(db, a.id)).toBe(25);
    expect(ledgerProblems(db, a.id)).toEqual([]);
  });

  it("debits once per idempotency key", async () => {
    const { db, account: a } = await account();
    give(a.id, 100, 10);
    const input = {
      accountId: a.id,
      minutes: 40,
      kind: "usage" as const,
      reference: "usage:1",
      idempotencyKey: key("use"),
      now: NOW,
    };
    expect(spend(db, input)).toMatchObject({ ok: true, created: true });
    expect(spend(db, input)).toMatchObject({ ok: true, created: false, minutes: 40 });
    expect(balance(db, a.id)).toBe(60);
  });

  it("takes what there is when told to, and nothing when there is nothing", async () => {
    const { db, account: a } = await account();
    give(a.id, 10, 10);
    const partial = spend(db, {
      accountId: a.id,
      minutes: 15,
      kind: "usage",
      reference: "u",
      idempotencyKey: key("use"),
      now: NOW,
      partial: true,
    });
    expect(partial).toMatchObject({ ok: true, minutes: 10 });
    const empty = spend(db, {
      accountId: a.id,
      minutes: 5,
      kind: "usage",
      reference: "u",
      idempotencyKey: key("use"),
      now: NOW,
      partial: true,
    });
    expect(empty).toEqual({ ok: false, shortfall: 5 });
    expect(balance(db, a.id)).toBe(0);
    expect(ledgerProblems(db, a.id)).toEqual([]);
  });
});

describe("expiry", () => {
  it("removes exactly the unspent part of each expired lot, once", async () => {
    const { db, account: a } = await account();
    give(a.id, 50, 1);
    give(a.id, 70, 30);
    spend(db, {
      accountId: a.id,
      minutes: 20,
      kind: "usage",
      reference: "u",
      idempotencyKey: key("use"),
      now: NOW,
    });
    expect(expireDue(db, NOW + 2 * DAY, a.id)).toBe(30);
    expect(expireDue(db, NOW + 2 * DAY, a.id)).toBe(0);
    expect(balance(db, a.id)).toBe(70);
    const expired = db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, a.id), eq(ledgerEntries.kind, "expire")))
      .all();
    expect(expired.map((e) => e.minutes)).toEqual([-30]);
    expect(ledgerProblems(db, a.id)).toEqual([]);
  });

  it("never spends an expired lot, even before the expiry entry is written", async () => {
    const { db, account: a } = await account();
    give(a.id, 50, 1);
    const late = spend(db, {
      accountId: a.id,
      minutes: 10,
      kind: "usage",
      reference: "u",
      idempotencyKey: key("use"),
      now: NOW + 2 * DAY,
    });
    expect(late).toEqual({ ok: false, shortfall: 10 });
    expect(balance(db, a.id)).toBe(0);
  });
});

describe("holds and usage", () => {
  const body = (s: string) => `hash-${s}`;

  it("reserves, replays the same hold, refuses another body and what the balance cannot cover", async () => {
    const { db, account: a } = await account();
    const c = client();
    give(a.id, 100, 10);
    const input = {
      clientId: c,
      holdId: "h1",
      accountId: a.id,
      minutes: 60,
      jobId: "j1",
      bodyHash: body("1"),
      now: NOW,
    };
    expect(placeHold(db, input)).toMatchObject({ ok: true, created: true, hold: { status: "open" } });
    expect(placeHold(db, input)).toMatchObject({ ok: true, created: false });
    expect(placeHold(db, { ...input, bodyHash: body("2") })).toMatchObject({
      ok: false,
      code: "idempotency_conflict",
    });
    expect(placeHold(db, { ...input, holdId: "h2" })).toEqual({
      ok: false,
      code: "insufficient_balance",
      shortfall: 20,
    });
    expect(balance(db, a.id)).toBe(40);
    expect(heldMinutes(db, a.id)).toBe(60);
    expect(ledgerProblems(db, a.id)).toEqual([]);
  });

  it("release returns the minutes to the lots they came from", async () => {
    const { db, account: a } = await account();
    const c = client();
    give(a.id, 30, 3);
    give(a.id, 30, 20);
    placeHold(db, {
      clientId: c,
      holdId: "h",
      accountId: a.id,
      minutes: 45,
      jobId: "j",
      bodyHash: "b",
      now: NOW,
    });
    expect(lotsOf(a.id).map((l) => l.remaining)).toEqual([0, 15]);
    give(a.id, 10, 1); // a sooner lot arriving meanwhile must not receive the returned minutes
    expect(releaseHold(db, c, "h", NOW)).toMatchObject({ ok: true, created: true });
    expect(releaseHold(db, c, "h", NOW)).toMatchObject({ ok: true, created: false });
    expect(lotsOf(a.id).map((l) => l.remaining)).toEqual([30, 30, 10]);
    expect(balance(db, a.id)).toBe(70);
    expect(releaseHold(db, c, "missing", NOW)).toEqual({ ok: false, code: "unknown_hold" });
    expect(ledgerProblems(db, a.id)).toEqual([]);
  });

  it("settles usage once: debits the job's minutes and returns the rest", async () => {
    const { db, account: a } = await account();
    const c = client();
    give(a.id, 100, 10);
    placeHold(db, {
      clientId: c,
      holdId: "h",
      accountId: a.id,
      minutes: 60,
      jobId: "j",
      bodyHash: "b",
      now: NOW,
    });
    const usage = {
      clientId: c,
      recordId: "r1",
      holdId: "h",
      jobId: "j",
      minutes: 45,
      startedAt: new Date(NOW),
      endedAt: new Date(NOW + 45 * 60_000),
      bodyHash: "u",
      now: NOW,
    };
    // Naming another account than the hold's (or none) settles nothing.
    for (const accountId of [a.id + 1, null]) {
      expect(settleHold(db, { ...usage, accountId })).toMatchObject({ ok: false, code: "wrong_account" });
    }
    expect(heldMinutes(db, a.id)).toBe(60);
    expect(settleHold(db, { ...usage, accountId: a.id })).toMatchObject({
      ok: true,
      created: true,
      record: { unpaidMinutes: 0 },
      hold: { status: "settled" },
    });
    for (let i = 0; i < 10; i++) expect(settleHold(db, usage)).toMatchObject({ ok: true, created: false });
    expect(settleHold(db, { ...usage, bodyHash: "other" })).toMatchObject({
      ok: false,
      code: "idempotency_conflict",
    });
    expect(settleHold(db, { ...usage, recordId: "r2" })).toMatchObject({ ok: false, code: "hold_closed" });
    expect(releaseHold(db, c, "h", NOW)).toMatchObject({ ok: false, code: "hold_closed" });
    expect(balance(db, a.id)).toBe(55);
    expect(heldMinutes(db, a.id)).toBe(0);
    const usageEntries = db
      .select()
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.accountId, a.id), eq(ledgerEntries.kind, "usage")))
      .all();
    expect(usageEntries.map((e) => e.minutes)).toEqual([-45]);
    expect(ledgerProblems(db, a.id)).toEqual([]);
  });

  it("usage beyond the hold takes from the balance, and what nothing covers is unpaid, not negative", async () => {
    const { db, account: a } = await account();
    const c = client();
    give(a.id, 70, 10);
    placeHold(db, {
      clientId: c,
      holdId: "h",
      accountId: a.id,
      minutes: 60,
      jobId: "j",
      bodyHash: "b",
      now: NOW,
    });
    const result = settleHold(db, {
      clientId: c,
      recordId: "r",
      holdId: "h",
      jobId: "j",
      minutes: 90,
      startedAt: new Date(NOW),
      endedAt: new Date(NOW),
      bodyHash: "u",
      now: NOW,
    });
    expect(result).toMatchObject({ ok: true, record: { unpaidMinutes: 20 } });
    expect(balance(db, a.id)).toBe(0);
    expect(ledgerProblems(db, a.id)).toEqual([]);
  });

  it("a job's minutes come from its hold even if the lot expired while it ran", async () => {
    const { db, account: a } = await account();
    const c = client();
    give(a.id, 60, 1);
    placeHold(db, {
      clientId: c,
      holdId: "h",
      accountId: a.id,
      minutes: 50,
      jobId: "j",
      bodyHash: "b",
      now: NOW,
    });
    const later = NOW + DAY + 60_000;
    expect(expireDue(db, later, a.id)).toBe(10);
    settleHold(db, {
      clientId: c,
      recordId: "r",
      holdId: "h",
      jobId: "j",
      minutes: 30,
      startedAt: new Date(NOW),
      endedAt: new Date(later),
      bodyHash: "u",
      now: later,
    });
    // 30 used; the 20 returned to the expired lot leave at once.
    expect(balance(db, a.id)).toBe(0);
    const kinds = db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.accountId, a.id))
      .all()
      .map((e) => `${e.kind}${e.minutes}`);
    expect(kinds).toEqual(["grant60", "hold-50", "expire-10", "release50", "usage-30", "expire-20"]);
    expect(ledgerProblems(db, a.id)).toEqual([]);
  });

  it("holds left open for 24 hours lapse and give their minutes back", async () => {
    const { db, account: a } = await account();
    const c = client();
    give(a.id, 100, 10);
    placeHold(db, {
      clientId: c,
      holdId: "h",
      accountId: a.id,
      minutes: 60,
      jobId: "j",
      bodyHash: "b",
      now: NOW,
    });
    expect(lapseHolds(db, NOW + DAY - 1)).toBe(0);
    expect(lapseHolds(db, NOW + DAY)).toBeGreaterThanOrEqual(1);
    expect(balance(db, a.id)).toBe(100);
    const settle = settleHold(db, {
      clientId: c,
      recordId: "r",
      holdId: "h",
      jobId: "j",
      minutes: 1,
      startedAt: new Date(NOW),
      endedAt: new Date(NOW),
      bodyHash: "u",
      now: NOW + DAY,
    });
    expect(settle).toMatchObject({ ok: false, code: "hold_closed" });
  });

  it("keeps every invariant through a long random mix of operations", async () => {
    const { db, account: a } = await account();
    const c = client();
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let t = NOW;
    const open: string[] = [];
    for (let i = 0; i < 200; i++) {
      t += rand(6) * 60 * 60 * 1000;
      const op = rand(6);
      if (op === 0) give(a.id, 1 + rand(120), rand(5) - 1 + (t - NOW) / DAY);
      else if (op === 1)
        spend(db, {
          accountId: a.id,
          minutes: 1 + rand(50),
          kind: "usage",
          reference: "u",
          idempotencyKey: key("use"),
          now: t,
        });
      else if (op === 2) {
        const id = `h${i}`;
        if (
          placeHold(db, {
            clientId: c,
            holdId: id,
            accountId: a.id,
            minutes: 1 + rand(80),
            jobId: "j",
            bodyHash: "b",
            now: t,
          }).ok
        )
          open.push(id);
      } else if (op === 3 && open.length) releaseHold(db, c, open.splice(rand(open.length), 1)[0]!, t);
      else if (op === 4 && open.length) {
        const id = open.splice(rand(open.length), 1)[0]!;
        settleHold(db, {
          clientId: c,
          recordId: `r${i}`,
          holdId: id,
          jobId: "j",
          minutes: rand(100),
          startedAt: new Date(t),
          endedAt: new Date(t),
          bodyHash: "u",
          now: t,
        });
      } else {
        expireDue(db, t, a.id);
        lapseHolds(db, t);
      }
      const problems = ledgerProblems(db, a.id);
      if (problems.length) throw new Error(`after step ${i}: ${problems.join("; ")}`);
    }
  });
});
