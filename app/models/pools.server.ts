import { and, asc, eq, gt, sql, sum } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import {
  type ComputePool,
  computeAccounts,
  computeHolds,
  computePools,
  creditLots,
  type PoolStatus,
  voucherBatches,
  vouchers,
} from "~db/schema";
import { calendarDay } from "~/utils/calendar-day";
import { type Actor, recordAudit } from "./audit.server";
import { holdIsOpen } from "./ledger.server";

export interface PoolInput {
  slug: string;
  nameZh: string;
  nameEn: string;
  hardwareZh: string;
  hardwareEn: string;
  capacityMinutesPerMonth: number;
  overcommitPercent: number;
}

export class DuplicatePoolSlugError extends Error {}

export function listPools(db: Tx, options: { activeOnly?: boolean } = {}): ComputePool[] {
  return db
    .select()
    .from(computePools)
    .where(options.activeOnly ? eq(computePools.status, "active") : undefined)
    .orderBy(asc(computePools.status), asc(computePools.slug))
    .all();
}

export function getPool(db: Tx, id: number): ComputePool | undefined {
  return db.select().from(computePools).where(eq(computePools.id, id)).get();
}

export function poolBySlug(db: Tx, slug: string): ComputePool | undefined {
  return db.select().from(computePools).where(eq(computePools.slug, slug)).get();
}

function isUniqueViolation(error: unknown) {
  return (error as { code?: string } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

export function createPool(db: Db, actor: Actor, input: PoolInput): ComputePool {
  try {
    return db.transaction(
      (tx) => {
        const row = tx.insert(computePools).values(input).returning().get();
        recordAudit(tx, actor, { action: "pool.create", targetType: "pool", targetId: row.id, after: input });
        return row;
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicatePoolSlugError(input.slug);
    throw error;
  }
}

export function updatePool(db: Db, actor: Actor, id: number, input: PoolInput): ComputePool | undefined {
  try {
    return db.transaction(
      (tx) => {
        const before = getPool(tx, id);
        if (!before) return undefined;
        const row = tx
          .update(computePools)
          .set({ ...input, updatedAt: new Date() })
          .where(eq(computePools.id, id))
          .returning()
          .get();
        recordAudit(tx, actor, {
          action: "pool.update",
          targetType: "pool",
          targetId: id,
          before,
          after: input,
        });
        return row;
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicatePoolSlugError(input.slug);
    throw error;
  }
}

/** Retiring a pool stops new issuance in it; minutes already held by students stay spendable. */
export function setPoolStatus(db: Db, actor: Actor, id: number, status: PoolStatus): ComputePool | undefined {
  return db.transaction(
    (tx) => {
      const before = getPool(tx, id);
      if (!before) return undefined;
      if (before.status === status) return before;
      const row = tx
        .update(computePools)
        .set({ status, updatedAt: new Date() })
        .where(eq(computePools.id, id))
        .returning()
        .get();
      recordAudit(tx, actor, {
        action: status === "retired" ? "pool.retire" : "pool.reactivate",
        targetType: "pool",
        targetId: id,
        before: { status: before.status },
        after: { status },
      });
      return row;
    },
    { behavior: "immediate" },
  );
}

/** Calendar months (Asia/Shanghai) from `now` to `until`, both months counted. */
export function monthsSpanned(now: number, until: number): number {
  const month = (t: number) => {
    const [y, m] = calendarDay(t).split("-").map(Number) as [number, number];
    return y * 12 + m;
  };
  return Math.max(1, month(until) - month(now) + 1);
}

/**
 * Minutes the pool has promised and not yet seen used or expired: live
 * unredeemed codes, unspent live lots and open holds.
 */
export function outstandingMinutes(db: Tx, poolId: number, now: number): number {
  const at = new Date(now);
  const codes = db
    .select({ total: sql<number>`coalesce(sum(${voucherBatches.minutesEach}), 0)` })
    .from(vouchers)
    .innerJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
    .where(
      and(
        eq(voucherBatches.poolId, poolId),
        eq(vouchers.status, "issued"),
        gt(voucherBatches.expiresAt, at),
        sql`${voucherBatches.revokedAt} is null`,
      ),
    )
    .get();
  const lots = db
    .select({ total: sum(creditLots.remaining) })
    .from(creditLots)
    .innerJoin(computeAccounts, eq(computeAccounts.id, creditLots.accountId))
    .where(and(eq(computeAccounts.poolId, poolId), gt(creditLots.expiresAt, at), gt(creditLots.remaining, 0)))
    .get();
  const holds = db
    .select({ total: sum(computeHolds.minutes) })
    .from(computeHolds)
    .innerJoin(computeAccounts, eq(computeAccounts.id, computeHolds.accountId))
    .where(and(eq(computeAccounts.poolId, poolId), holdIsOpen))
    .get();
  return Number(codes?.total ?? 0) + Number(lots?.total ?? 0) + Number(holds?.total ?? 0);
}

export type CapacityCheck =
  | { ok: true }
  | { ok: false; overBy: number; capacity: number; outstanding: number };

/**
 * Whether `minutes` more fit into the pool for the months they can be spent
 * in: outstanding + new ≤ capacity per month × months × overcommit.
 */
export function checkCapacity(
  db: Tx,
  pool: ComputePool,
  minutes: number,
  expiresAt: number,
  now: number,
): CapacityCheck {
  const months = monthsSpanned(now, expiresAt);
  const capacity = Math.floor((pool.capacityMinutesPerMonth * months * pool.overcommitPercent) / 100);
  const outstanding = outstandingMinutes(db, pool.id, now);
  const overBy = outstanding + minutes - capacity;
  return overBy > 0 ? { ok: false, overBy, capacity, outstanding } : { ok: true };
}
