/**
 * The compute part of generated data (`npm run generate`): the two pools the lessons name, and
 * vouchers issued in batches of 1,000 to generated cohorts, three in ten of them redeemed by
 * generated students. Everything goes through the app's own functions (issueBatch, redeemCode),
 * so the codes are stored hashed and every redemption is a ledger credit with its lot, as in use.
 */
import { type Db, whenDurable } from "~db/client.server";
import { DEMO_POOLS } from "~db/seed-compute";
import { createPool, poolBySlug } from "~/models/pools.server";
import { issueBatch, redeemCode } from "~/models/vouchers.server";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Codes per generated batch (the model allows up to 10,000). */
export const GENERATED_BATCH_SIZE = 1_000;
/** Of every ten codes of a batch, this many are redeemed. */
export const REDEEMED_PER_TEN = 3;

const actor = { id: null, label: "generator" };

export interface ComputeTotals {
  batches: number;
  vouchers: number;
  redeemed: number;
  /** Pools that took no vouchers (retired, or full), by slug. */
  skippedPools: string[];
}

/**
 * Issues `vouchers` codes across the two pools, 30 to 120 days valid, each batch for one of
 * `cohortIds` in turn (none if there are none), and redeems three in ten, each by the next of
 * `studentIds`. Pools that already exist (a demo database) are used as they are.
 */
export async function generateCompute(
  db: Db,
  input: { vouchers: number; studentIds: number[]; cohortIds: number[]; now?: number },
  onProgress?: (done: number, total: number) => void,
): Promise<ComputeTotals> {
  const now = input.now ?? Date.now();
  const totals: ComputeTotals = { batches: 0, vouchers: 0, redeemed: 0, skippedPools: [] };
  const pools = DEMO_POOLS.map(
    ({ demoMinutes: _m, demoDays: _d, ...pool }) => poolBySlug(db, pool.slug) ?? createPool(db, actor, pool),
  );
  let student = 0;
  let batch = 0;
  const open = new Set(pools.map((p) => p.id));
  while (totals.vouchers < input.vouchers && open.size > 0) {
    const pool = pools[batch % pools.length]!;
    batch += 1;
    if (!open.has(pool.id)) continue;
    const count = Math.min(GENERATED_BATCH_SIZE, input.vouchers - totals.vouchers);
    const issued = issueBatch(
      db,
      actor,
      {
        poolId: pool.id,
        count,
        // Small enough that 100,000 codes fit either demo pool's capacity for a month.
        minutesEach: pool.slug === "ascend-910b" ? 20 : 40,
        expiresAt: new Date(now + (30 + (batch % 4) * 30) * DAY_MS),
        purpose: "生成数据 Generated",
        cohortId: input.cohortIds.length ? (input.cohortIds[batch % input.cohortIds.length] ?? null) : null,
      },
      now,
    );
    if (!issued.ok) {
      open.delete(pool.id);
      totals.skippedPools.push(pool.slug);
      continue;
    }
    totals.batches += 1;
    totals.vouchers += count;
    if (input.studentIds.length > 0) {
      issued.codes.forEach((code, i) => {
        if (i % 10 >= REDEEMED_PER_TEN) return;
        const userId = input.studentIds[student++ % input.studentIds.length]!;
        if (redeemCode(db, userId, code, now).ok) totals.redeemed += 1;
      });
    }
    onProgress?.(totals.vouchers, input.vouchers);
  }
  // Written like every ledger write: on disk before it is reported.
  await whenDurable();
  return totals;
}
