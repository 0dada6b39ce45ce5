import { and, count, desc, eq, gt, lte, sql } from "drizzle-orm";
import { type Db, durableTransaction, perConnection, type Tx } from "~db/client.server";
import { type ComputePool, cohorts, computePools, creditLots, voucherBatches, vouchers } from "~db/schema";
import { type Actor, recordAudit } from "./audit.server";
import { credit, ensureAccount, expireDue, revokeLot } from "./ledger.server";
import { paging } from "./paging.server";
import { checkCapacity, getPool } from "./pools.server";
import { containsAny } from "./search.server";
import { hashCode, newCode, parseCode } from "./voucher-codes.server";

/** Limits on what one batch may be, in one place (forms, CLI and model obey the same). */
export const BATCH_LIMITS = { countMax: 10_000, minutesMax: 100_000, purposeMax: 200 } as const;
export const BATCH_PAGE_SIZE = 25;

export interface BatchInput {
  poolId: number;
  count: number;
  minutesEach: number;
  expiresAt: Date;
  purpose: string;
  cohortId: number | null;
}

export type IssueResult =
  | { ok: true; batchId: number; pool: ComputePool; codes: string[]; expiresAt: Date; minutesEach: number }
  | { ok: false; reason: "unknown_pool" | "pool_retired" | "past_expiry" | "unknown_cohort" }
  | { ok: false; reason: "capacity"; overBy: number };

/**
 * Issues `count` codes, each worth `minutesEach`, refused when the pool cannot
 * carry them for the months they can be spent in. The codes are returned once
 * and only their hashes are kept.
 */
export function issueBatch(
  db: Db,
  actor: Actor,
  input: BatchInput,
  now = Date.now(),
  onProgress?: (done: number, total: number) => void,
): IssueResult {
  const codes = Array.from({ length: input.count }, newCode);
  const hashes = codes.map((c) => hashCode(c.replace(/-/g, "")));
  return durableTransaction(db, (tx): IssueResult => {
    const pool = getPool(tx, input.poolId);
    if (!pool) return { ok: false, reason: "unknown_pool" };
    if (pool.status !== "active") return { ok: false, reason: "pool_retired" };
    if (input.expiresAt.getTime() <= now) return { ok: false, reason: "past_expiry" };
    if (
      input.cohortId !== null &&
      !tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.id, input.cohortId)).get()
    ) {
      return { ok: false, reason: "unknown_cohort" };
    }
    const fits = checkCapacity(tx, pool, input.count * input.minutesEach, input.expiresAt.getTime(), now);
    if (!fits.ok) return { ok: false, reason: "capacity", overBy: fits.overBy };
    const batch = tx
      .insert(voucherBatches)
      .values({ ...input, issuedBy: actor.id, createdAt: new Date(now) })
      .returning()
      .get();
    for (let i = 0; i < hashes.length; i += 500) {
      tx.insert(vouchers)
        .values(hashes.slice(i, i + 500).map((codeHash) => ({ batchId: batch.id, codeHash })))
        .run();
      onProgress?.(Math.min(i + 500, hashes.length), hashes.length);
    }
    recordAudit(tx, actor, {
      action: "vouchers.issue",
      targetType: "voucher_batch",
      targetId: batch.id,
      after: { pool: pool.slug, ...input, expiresAt: input.expiresAt.toISOString() },
    });
    return {
      ok: true,
      batchId: batch.id,
      pool,
      codes,
      expiresAt: batch.expiresAt,
      minutesEach: batch.minutesEach,
    };
  });
}

/** Kills the batch's unredeemed codes; redeemed minutes stay with the students. */
export function revokeBatch(db: Db, actor: Actor, batchId: number, now = Date.now()) {
  return durableTransaction(db, (tx) => {
    const batch = tx.select().from(voucherBatches).where(eq(voucherBatches.id, batchId)).get();
    if (!batch) return { ok: false as const, reason: "not_found" as const };
    if (batch.revokedAt) return { ok: true as const, killed: 0 };
    tx.update(voucherBatches)
      .set({ revokedAt: new Date(now), revokedBy: actor.id })
      .where(eq(voucherBatches.id, batchId))
      .run();
    const killed = tx
      .update(vouchers)
      .set({ status: "revoked" })
      .where(and(eq(vouchers.batchId, batchId), eq(vouchers.status, "issued")))
      .run().changes;
    recordAudit(tx, actor, {
      action: "vouchers.revoke",
      targetType: "voucher_batch",
      targetId: batchId,
      after: { killed },
    });
    return { ok: true as const, killed };
  });
}

/** Takes back what students still hold of a batch's redeemed minutes (an audited adjustment). */
export function clawBackBatch(db: Db, actor: Actor, batchId: number, reason: string, now = Date.now()) {
  return durableTransaction(db, (tx) => {
    const batch = tx.select().from(voucherBatches).where(eq(voucherBatches.id, batchId)).get();
    if (!batch) return { ok: false as const, reason: "not_found" as const };
    const lots = tx
      .select({ id: creditLots.id })
      .from(creditLots)
      .innerJoin(vouchers, eq(vouchers.id, creditLots.voucherId))
      .where(and(eq(vouchers.batchId, batchId), gt(creditLots.remaining, 0)))
      .all();
    let minutes = 0;
    for (const lot of lots) minutes += revokeLot(tx, lot.id, { actorUserId: actor.id, note: reason, now });
    recordAudit(tx, actor, {
      action: "vouchers.clawback",
      targetType: "voucher_batch",
      targetId: batchId,
      after: { minutes, accounts: lots.length, reason },
    });
    return { ok: true as const, minutes, accounts: lots.length };
  });
}

export type RedeemResult =
  | { ok: true; minutes: number; pool: ComputePool; expiresAt: Date }
  | { ok: false; reason: "format" | "typo" | "unknown" | "used" | "used_by_you" | "revoked" | "expired" };

// The two queries of every redemption, built once per connection.
const redeemStatements = perConnection((db) => ({
  byHash: db
    .select({ voucher: vouchers, batch: voucherBatches, pool: computePools })
    .from(vouchers)
    .innerJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
    .innerJoin(computePools, eq(computePools.id, voucherBatches.poolId))
    .where(eq(vouchers.codeHash, sql.placeholder("hash")))
    .prepare(),
  // Placeholders in SET are bound as given: redeemedAt is epoch milliseconds.
  flip: db
    .update(vouchers)
    .set({
      status: "redeemed",
      redeemedBy: sql`${sql.placeholder("userId")}`,
      redeemedAt: sql`${sql.placeholder("at")}`,
    })
    .where(and(eq(vouchers.id, sql.placeholder("id")), eq(vouchers.status, "issued")))
    .prepare(),
}));

/**
 * Redeems a code into the student's balance, exactly once however many try at
 * once: one immediate transaction, and the voucher flips from `issued` to
 * `redeemed` with a conditional UPDATE before any minutes move.
 */
export function redeemCode(db: Db, userId: number, input: string, now = Date.now()): RedeemResult {
  const parsed = parseCode(input);
  if (!parsed.ok) return parsed;
  return durableTransaction(db, (tx): RedeemResult => {
    const found = redeemStatements(tx).byHash.get({ hash: parsed.hash });
    if (!found) return { ok: false, reason: "unknown" };
    const { voucher, batch, pool } = found;
    if (voucher.status === "redeemed") {
      return { ok: false, reason: voucher.redeemedBy === userId ? "used_by_you" : "used" };
    }
    if (voucher.status === "revoked" || batch.revokedAt) return { ok: false, reason: "revoked" };
    if (voucher.status === "expired" || batch.expiresAt.getTime() <= now)
      return { ok: false, reason: "expired" };
    const flipped = redeemStatements(tx).flip.run({ id: voucher.id, userId, at: now });
    if (flipped.changes !== 1) return { ok: false, reason: "used" };
    const account = ensureAccount(tx, userId, pool.id);
    credit(tx, {
      accountId: account.id,
      minutes: batch.minutesEach,
      kind: "redeem",
      reference: `voucher:${voucher.id}`,
      idempotencyKey: `redeem:voucher:${voucher.id}`,
      expiresAt: batch.expiresAt,
      voucherId: voucher.id,
      actorUserId: userId,
      now,
    });
    return { ok: true, minutes: batch.minutesEach, pool, expiresAt: batch.expiresAt };
  });
}

/** Marks unredeemed codes of expired batches and expires every lot past its date. */
export function expireAll(db: Db, now = Date.now()) {
  return durableTransaction(db, (tx) => {
    const codes = tx
      .update(vouchers)
      .set({ status: "expired" })
      .where(
        and(
          eq(vouchers.status, "issued"),
          sql`${vouchers.batchId} in (select ${voucherBatches.id} from ${voucherBatches} where ${lte(voucherBatches.expiresAt, new Date(now))})`,
        ),
      )
      .run().changes;
    return { codes, minutes: expireDue(tx, now) };
  });
}

export function listBatches(db: Tx, { q = "", page = 1 }: { q?: string; page?: number }) {
  const where = q ? containsAny(q, [voucherBatches.purpose, computePools.slug]) : undefined;
  const total =
    db
      .select({ n: count() })
      .from(voucherBatches)
      .innerJoin(computePools, eq(computePools.id, voucherBatches.poolId))
      .where(where)
      .get()?.n ?? 0;
  const at = paging(total, page, BATCH_PAGE_SIZE);
  const rows = db
    .select({
      id: voucherBatches.id,
      poolSlug: computePools.slug,
      poolNameZh: computePools.nameZh,
      poolNameEn: computePools.nameEn,
      count: voucherBatches.count,
      minutesEach: voucherBatches.minutesEach,
      purpose: voucherBatches.purpose,
      expiresAt: voucherBatches.expiresAt,
      createdAt: voucherBatches.createdAt,
      revokedAt: voucherBatches.revokedAt,
      cohortName: cohorts.name,
      redeemed: sql<number>`(select count(*) from ${vouchers} where ${vouchers.batchId} = ${voucherBatches.id} and ${vouchers.status} = 'redeemed')`,
    })
    .from(voucherBatches)
    .innerJoin(computePools, eq(computePools.id, voucherBatches.poolId))
    .leftJoin(cohorts, eq(cohorts.id, voucherBatches.cohortId))
    .where(where)
    .orderBy(desc(voucherBatches.id))
    .limit(at.limit)
    .offset(at.offset)
    .all();
  return { rows, total, page: at.page, pages: at.pages };
}
