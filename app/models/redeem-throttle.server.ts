import { and, desc, eq, gt, lt } from "drizzle-orm";
import type { Tx } from "~db/client.server";
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

/** When this student (or address) may try again, or null when they may now. */
export function redeemLockedUntil(db: Tx, userId: number, ip: string, now = Date.now()): Date | null {
  const recent = gt(redeemFailures.createdAt, new Date(now - REDEEM_THROTTLE.windowMs));
  let until = 0;
  for (const { where, max } of [
    { where: and(eq(redeemFailures.userId, userId), recent), max: REDEEM_THROTTLE.perStudent },
    { where: and(eq(redeemFailures.ip, ip), recent), max: REDEEM_THROTTLE.perAddress },
  ]) {
    // Open again once the max-th most recent failure leaves the window.
    const pivot = db
      .select({ at: redeemFailures.createdAt })
      .from(redeemFailures)
      .where(where)
      .orderBy(desc(redeemFailures.createdAt))
      .limit(1)
      .offset(max - 1)
      .get();
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
