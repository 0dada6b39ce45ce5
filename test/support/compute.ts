import { eq, sql } from "drizzle-orm";
import { type Db, getDb, type Tx } from "~db/client.server";
import { computePools, creditLots, ledgerEntries, lotAllocations } from "~db/schema";

let counter = 0;

/** A pool with room to spare, unless told otherwise. */
export function createTestPool(overrides: Partial<typeof computePools.$inferInsert> = {}, db: Db = getDb()) {
  counter += 1;
  return db
    .insert(computePools)
    .values({
      slug: `pool-${counter}-${process.pid}`,
      nameZh: `测试算力池${counter}`,
      nameEn: `Test pool ${counter}`,
      hardwareZh: "测试硬件",
      hardwareEn: "Test hardware",
      capacityMinutesPerMonth: 10_000_000,
      overcommitPercent: 100,
      ...overrides,
    })
    .returning()
    .get();
}

/**
 * Every ledger invariant for one account: the balance is never negative, it
 * equals the sum of its lots' remaining minutes, each lot's cached remaining
 * equals the sum of its allocations and lies in [0, minutes], and each entry's
 * allocations sum to its minutes.
 */
export function ledgerProblems(tx: Tx, accountId: number): string[] {
  const problems: string[] = [];
  const balance = Number(
    tx
      .select({ s: sql<number>`coalesce(sum(${ledgerEntries.minutes}), 0)` })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.accountId, accountId))
      .get()?.s,
  );
  if (balance < 0) problems.push(`balance ${balance} < 0`);
  const lots = tx.select().from(creditLots).where(eq(creditLots.accountId, accountId)).all();
  const inLots = lots.reduce((a, l) => a + l.remaining, 0);
  if (inLots !== balance) problems.push(`lots hold ${inLots}, entries sum to ${balance}`);
  const byLot = new Map(
    tx
      .select({ lotId: lotAllocations.lotId, s: sql<number>`sum(${lotAllocations.minutes})` })
      .from(lotAllocations)
      .innerJoin(creditLots, eq(creditLots.id, lotAllocations.lotId))
      .where(eq(creditLots.accountId, accountId))
      .groupBy(lotAllocations.lotId)
      .all()
      .map((r) => [r.lotId, Number(r.s)]),
  );
  for (const lot of lots) {
    const allocated = byLot.get(lot.id) ?? 0;
    if (allocated !== lot.remaining)
      problems.push(`lot ${lot.id}: cached ${lot.remaining}, allocations ${allocated}`);
    if (lot.remaining < 0 || lot.remaining > lot.minutes)
      problems.push(`lot ${lot.id}: remaining ${lot.remaining} of ${lot.minutes}`);
  }
  const mismatched = tx
    .select({
      id: ledgerEntries.id,
      kind: ledgerEntries.kind,
      minutes: ledgerEntries.minutes,
      s: sql<number>`coalesce(sum(${lotAllocations.minutes}), 0)`,
    })
    .from(ledgerEntries)
    .leftJoin(lotAllocations, eq(lotAllocations.entryId, ledgerEntries.id))
    .where(eq(ledgerEntries.accountId, accountId))
    .groupBy(ledgerEntries.id)
    .all()
    .filter((e) => Number(e.s) !== e.minutes);
  for (const e of mismatched) problems.push(`entry ${e.id} (${e.kind}): ${e.minutes} but allocations ${e.s}`);
  return problems;
}
