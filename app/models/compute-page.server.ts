import { and, asc, count, desc, eq, gt, lte } from "drizzle-orm";
import { type Db, durableTransaction, type Tx } from "~db/client.server";
import { computeAccounts, computeHandles, computePools, creditLots, ledgerEntries } from "~db/schema";
import { balance, ensureHandle, expireDue, heldMinutes } from "./ledger.server";
import { paging } from "./paging.server";

const DAY = 24 * 60 * 60 * 1000;
export const EXPIRY_WARNING_DAYS = { early: 14, urgent: 3 } as const;
export const HISTORY_PAGE_SIZE = 25;

/**
 * Writes the `expire` entries a person's lots are owed, if any. Reading a
 * balance runs this first, so nobody ever sees minutes that are already dead.
 */
export function settleExpiryFor(db: Db, userId: number, now = Date.now()) {
  const due = db
    .select({ accountId: creditLots.accountId })
    .from(creditLots)
    .innerJoin(computeAccounts, eq(computeAccounts.id, creditLots.accountId))
    .where(
      and(
        eq(computeAccounts.userId, userId),
        lte(creditLots.expiresAt, new Date(now)),
        gt(creditLots.remaining, 0),
      ),
    )
    .all();
  if (due.length === 0) return;
  durableTransaction(db, (tx) => {
    for (const accountId of new Set(due.map((d) => d.accountId))) expireDue(tx, now, accountId);
  });
}

/** The person's handle, made on first need. */
export function handleFor(db: Db, userId: number): string {
  const found = db
    .select({ handle: computeHandles.handle })
    .from(computeHandles)
    .where(eq(computeHandles.userId, userId))
    .get();
  if (found) return found.handle;
  return db.transaction((tx) => ensureHandle(tx, userId), { behavior: "immediate" });
}

/** Balance, held and soon-expiring minutes per pool the person has an account in. */
export function balancesFor(db: Tx, userId: number, now = Date.now()) {
  const accounts = db
    .select({
      accountId: computeAccounts.id,
      slug: computePools.slug,
      nameZh: computePools.nameZh,
      nameEn: computePools.nameEn,
      hardwareZh: computePools.hardwareZh,
      hardwareEn: computePools.hardwareEn,
    })
    .from(computeAccounts)
    .innerJoin(computePools, eq(computePools.id, computeAccounts.poolId))
    .where(eq(computeAccounts.userId, userId))
    .orderBy(asc(computePools.slug))
    .all();
  return accounts.map((a) => {
    const soon = db
      .select({ minutes: creditLots.remaining })
      .from(creditLots)
      .where(
        and(
          eq(creditLots.accountId, a.accountId),
          gt(creditLots.remaining, 0),
          gt(creditLots.expiresAt, new Date(now)),
          lte(creditLots.expiresAt, new Date(now + EXPIRY_WARNING_DAYS.early * DAY)),
        ),
      )
      .all()
      .reduce((sum, l) => sum + l.minutes, 0);
    return {
      ...a,
      balance: balance(db, a.accountId),
      held: heldMinutes(db, a.accountId),
      expiringSoon: soon,
    };
  });
}

/** Lots expiring within 14 days, soonest first, for the dashboard's warnings (urgent within 3). */
export function expiryWarnings(db: Tx, userId: number, now = Date.now()) {
  return db
    .select({
      slug: computePools.slug,
      nameZh: computePools.nameZh,
      nameEn: computePools.nameEn,
      minutes: creditLots.remaining,
      expiresAt: creditLots.expiresAt,
    })
    .from(creditLots)
    .innerJoin(computeAccounts, eq(computeAccounts.id, creditLots.accountId))
    .innerJoin(computePools, eq(computePools.id, computeAccounts.poolId))
    .where(
      and(
        eq(computeAccounts.userId, userId),
        gt(creditLots.remaining, 0),
        gt(creditLots.expiresAt, new Date(now)),
        lte(creditLots.expiresAt, new Date(now + EXPIRY_WARNING_DAYS.early * DAY)),
      ),
    )
    .orderBy(asc(creditLots.expiresAt))
    .all()
    .map((w) => ({ ...w, urgent: w.expiresAt.getTime() - now <= EXPIRY_WARNING_DAYS.urgent * DAY }));
}

/** The person's ledger entries across pools, newest first. */
export function historyFor(db: Tx, userId: number, page: number) {
  const mine = eq(computeAccounts.userId, userId);
  const total =
    db
      .select({ n: count() })
      .from(ledgerEntries)
      .innerJoin(computeAccounts, eq(computeAccounts.id, ledgerEntries.accountId))
      .where(mine)
      .get()?.n ?? 0;
  const at = paging(total, page, HISTORY_PAGE_SIZE);
  const rows = db
    .select({
      id: ledgerEntries.id,
      kind: ledgerEntries.kind,
      minutes: ledgerEntries.minutes,
      note: ledgerEntries.note,
      createdAt: ledgerEntries.createdAt,
      slug: computePools.slug,
      nameZh: computePools.nameZh,
      nameEn: computePools.nameEn,
    })
    .from(ledgerEntries)
    .innerJoin(computeAccounts, eq(computeAccounts.id, ledgerEntries.accountId))
    .innerJoin(computePools, eq(computePools.id, computeAccounts.poolId))
    .where(mine)
    .orderBy(desc(ledgerEntries.id))
    .limit(at.limit)
    .offset(at.offset)
    .all();
  return { rows, total, page: at.page, pages: at.pages };
}
