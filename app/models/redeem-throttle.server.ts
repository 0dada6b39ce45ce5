import { and, desc, eq, gt, lt, sql } from "drizzle-orm";
import { type Tx, perConnection } from "~db/client.server";
import { redeemFailures } from "~db/schema";

/**
 * Every limit on failed voucher redemptions, in one place. Codes carry 115
 * random bits, so guessing is hopeless anyway: this is against mistakes and
 * scripts. Per student a tight limit; per address only a generous one,
 * because a whole campus may share one NAT address.
 */
export const REDEEM_THROTTLE = {
  windowMs: 15 * 60 * 1000,
  perStudent: 10,
  perAddress: 1000,
} as const;

const KEEP_MS = 24 * 60 * 60 * 1000;

// Asked before every redemption: built once per connection. Each finds the max-th most recent failure.
const pivots = perConnection((db) => ({
  student: db
    .select({ at: redeemFailures.createdAt })
    .from(redeemFailures)
    .where(
      and(
        eq(redeemFailures.userId, sql.placeholder("userId")),
        gt(redeemFailures.createdAt, sql.placeholder("since")),
      ),
    )
    .orderBy(desc(redeemFailures.createdAt))
    .limit(1)
    .offset(REDEEM_THROTTLE.perStudent - 1)
    .prepare(),
  address: db
    .select({ at: redeemFailures.createdAt })
    .from(redeemFailures)
    .where(
      and(
        eq(redeemFailures.ip, sql.placeholder("ip")),
        gt(redeemFailures.createdAt, sql.placeholder("since")),
      ),
    )
    .orderBy(desc(redeemFailures.createdAt))
    .limit(1)
    .offset(REDEEM_THROTTLE.perAddress - 1)
    .prepare(),
}));

/** When this student (or address) may try again, or null when they may now. */
export function redeemLockedUntil(db: Tx, userId: number, ip: string, now = Date.now()): Date | null {
  const since = now - REDEEM_THROTTLE.windowMs;
  const q = pivots(db);
  let until = 0;
  // Open again once the max-th most recent failure leaves the window.
  for (const pivot of [q.student.get({ userId, since }), q.address.get({ ip, since })]) {
    if (pivot) until = Math.max(until, pivot.at.getTime() + REDEEM_THROTTLE.windowMs);
  }
  return until > now ? new Date(until) : null;
}

export function recordRedeemFailure(db: Tx, userId: number, ip: string, now = Date.now()) {
  db.insert(redeemFailures)
    .values({ userId, ip, createdAt: new Date(now) })
    .run();
  db.delete(redeemFailures)
    .where(lt(redeemFailures.createdAt, new Date(now - KEEP_MS)))
    .run();
}
