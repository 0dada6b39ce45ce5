import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { auditEvents, ledgerEntries, vouchers } from "~db/schema";
import { createTestPool, ledgerProblems } from "../../test/support/compute";
import { createTestUser } from "../../test/support/factories";
import { balance, ensureAccount } from "./ledger.server";
import { recordRedeemFailure, REDEEM_THROTTLE, redeemLockedUntil } from "./redeem-throttle.server";
import { clawBackBatch, expireAll, issueBatch, redeemCode, revokeBatch } from "./vouchers.server";

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 5, 10, 4);
const actor = { id: null, label: "test@vouchers" };

function batch(poolId: number, count = 3, minutesEach = 60, days = 30) {
  const issued = issueBatch(
    getDb(),
    actor,
    { poolId, count, minutesEach, expiresAt: new Date(NOW + days * DAY), purpose: "test", cohortId: null },
    NOW,
  );
  if (!issued.ok) throw new Error(`not issued: ${issued.reason}`);
  return issued;
}

describe("issuing", () => {
  it("keeps only hashes and audits the batch", () => {
    const pool = createTestPool();
    const issued = batch(pool.id, 5);
    expect(issued.codes).toHaveLength(5);
    const rows = getDb().select().from(vouchers).where(eq(vouchers.batchId, issued.batchId)).all();
    expect(rows).toHaveLength(5);
    for (const row of rows)
      for (const code of issued.codes) expect(row.codeHash).not.toContain(code.replace(/-/g, ""));
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "vouchers.issue"), eq(auditEvents.targetId, String(issued.batchId))))
      .all();
    expect(audit).toHaveLength(1);
  });

  it("refuses a batch past the pool's capacity for its months, saying by how much", () => {
    // 1,000 a month × 150 %: a batch expiring within the month may commit 1,500.
    const pool = createTestPool({ capacityMinutesPerMonth: 1000, overcommitPercent: 150 });
    const within = NOW + 5 * DAY;
    const input = {
      poolId: pool.id,
      minutesEach: 100,
      expiresAt: new Date(within),
      purpose: "p",
      cohortId: null,
    };
    expect(issueBatch(getDb(), actor, { ...input, count: 10 }, NOW).ok).toBe(true);
    expect(issueBatch(getDb(), actor, { ...input, count: 6 }, NOW)).toEqual({
      ok: false,
      reason: "capacity",
      overBy: 100,
    });
    // Spread over two months there is room again.
    expect(
      issueBatch(getDb(), actor, { ...input, count: 6, expiresAt: new Date(NOW + 40 * DAY) }, NOW).ok,
    ).toBe(true);
  });

  it("refuses retired pools and past dates", () => {
    const pool = createTestPool({ status: "retired" });
    const input = {
      poolId: pool.id,
      count: 1,
      minutesEach: 1,
      expiresAt: new Date(NOW + DAY),
      purpose: "p",
      cohortId: null,
    };
    expect(issueBatch(getDb(), actor, input, NOW)).toEqual({ ok: false, reason: "pool_retired" });
    const live = createTestPool();
    expect(
      issueBatch(getDb(), actor, { ...input, poolId: live.id, expiresAt: new Date(NOW - 1) }, NOW),
    ).toEqual({
      ok: false,
      reason: "past_expiry",
    });
  });
});

describe("redeeming", () => {
  it("credits once, then tells each later attempt why not", async () => {
    const db = getDb();
    const pool = createTestPool();
    const [code] = batch(pool.id, 1, 90).codes as [string];
    const student = await createTestUser();
    const other = await createTestUser();
    expect(redeemCode(db, student.id, code.toLowerCase(), NOW)).toMatchObject({ ok: true, minutes: 90 });
    expect(redeemCode(db, student.id, code, NOW)).toEqual({ ok: false, reason: "used_by_you" });
    expect(redeemCode(db, other.id, code, NOW)).toEqual({ ok: false, reason: "used" });
    const account = ensureAccount(db, student.id, pool.id);
    expect(balance(db, account.id)).toBe(90);
    expect(db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, account.id)).all()).toHaveLength(
      1,
    );
    expect(ledgerProblems(db, account.id)).toEqual([]);
  });

  it("tells typos, unknown, revoked and expired codes apart", async () => {
    const db = getDb();
    const pool = createTestPool();
    const student = await createTestUser();
    const [a, b] = batch(pool.id, 2).codes as [string, string];
    const typo = a.slice(0, -1) + (a.endsWith("A") ? "B" : "A");
    expect(redeemCode(db, student.id, typo, NOW)).toEqual({ ok: false, reason: "typo" });
    expect(redeemCode(db, student.id, "hello", NOW)).toEqual({ ok: false, reason: "format" });
    const other = batch(createTestPool().id, 1).codes[0]!;
    expect(redeemCode(db, student.id, a, NOW + 31 * DAY)).toEqual({ ok: false, reason: "expired" });
    revokeBatch(db, actor, batch(pool.id, 1).batchId, NOW);
    expect(redeemCode(db, student.id, b, NOW)).toMatchObject({ ok: true });
    expect(redeemCode(db, student.id, other, NOW)).toMatchObject({ ok: true });
    // An unknown but well-formed code: valid check character, never issued.
    const unknown = issueCodeNeverStored();
    expect(redeemCode(db, student.id, unknown, NOW)).toEqual({ ok: false, reason: "unknown" });
  });

  it("revoking kills unredeemed codes only; a clawback takes the rest, audited", async () => {
    const db = getDb();
    const pool = createTestPool();
    const issued = batch(pool.id, 2, 50);
    const student = await createTestUser();
    redeemCode(db, student.id, issued.codes[0]!, NOW);
    expect(revokeBatch(db, actor, issued.batchId, NOW)).toEqual({ ok: true, killed: 1 });
    expect(redeemCode(db, student.id, issued.codes[1]!, NOW)).toEqual({ ok: false, reason: "revoked" });
    const account = ensureAccount(db, student.id, pool.id);
    expect(balance(db, account.id)).toBe(50);
    expect(clawBackBatch(db, actor, issued.batchId, "issued by mistake", NOW)).toEqual({
      ok: true,
      minutes: 50,
      accounts: 1,
    });
    expect(balance(db, account.id)).toBe(0);
    expect(ledgerProblems(db, account.id)).toEqual([]);
  });

  it("expiry marks unredeemed codes and removes unspent minutes", async () => {
    const db = getDb();
    const pool = createTestPool();
    const issued = batch(pool.id, 2, 40, 3);
    const student = await createTestUser();
    redeemCode(db, student.id, issued.codes[0]!, NOW);
    expireAll(db, NOW + 4 * DAY);
    const account = ensureAccount(db, student.id, pool.id);
    expect(balance(db, account.id)).toBe(0);
    const statuses = db
      .select({ s: vouchers.status })
      .from(vouchers)
      .where(eq(vouchers.batchId, issued.batchId))
      .all();
    expect(statuses.map((r) => r.s).sort()).toEqual(["expired", "redeemed"]);
  });
});

describe("redeem throttle", () => {
  it("locks a student after 10 failures in 15 minutes, without locking the address", async () => {
    const db = getDb();
    const student = await createTestUser();
    const neighbour = await createTestUser();
    const ip = `10.9.${process.pid % 250}.1`;
    for (let i = 0; i < REDEEM_THROTTLE.perStudent - 1; i++) recordRedeemFailure(db, student.id, ip, NOW);
    expect(redeemLockedUntil(db, student.id, ip, NOW)).toBeNull();
    recordRedeemFailure(db, student.id, ip, NOW);
    expect(redeemLockedUntil(db, student.id, ip, NOW)).toEqual(new Date(NOW + REDEEM_THROTTLE.windowMs));
    expect(redeemLockedUntil(db, neighbour.id, ip, NOW)).toBeNull();
    expect(redeemLockedUntil(db, student.id, ip, NOW + REDEEM_THROTTLE.windowMs)).toBeNull();
  });
});

import { CODE_LENGTH } from "./voucher-codes.server";
import { newCode } from "./voucher-codes.server";

function issueCodeNeverStored() {
  const code = newCode();
  expect(code.replace(/-/g, "")).toHaveLength(CODE_LENGTH);
  return code;
}
