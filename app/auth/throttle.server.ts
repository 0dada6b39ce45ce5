import { and, count, desc, eq, gt, lt } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { loginFailures } from "~db/schema";

/**
 * Every limit on password guessing, in one place (sign-in and the current
 * password on /account both count here).
 *
 * - One address guessing one email is stopped after `perPair` failures.
 * - One address is stopped after `perAddress` failures across all emails:
 *   generous, because a whole campus may share one NAT address (a lecture
 *   hall of 300 students signing in at once, typos included, stays far below).
 * - One email guessed from many addresses is never locked (that would let a
 *   stranger lock its owner out); past `perEmailFree` failures each further
 *   try waits a delay that doubles per failure up to `emailDelayMaxMs`.
 */
export const THROTTLE = {
  windowMs: 15 * 60 * 1000,
  perPair: 10,
  perAddress: 1000,
  perEmailFree: 20,
  emailDelayBaseMs: 1000,
  emailDelayMaxMs: 60 * 1000,
} as const;

/** Rows older than this are worthless for throttling. */
const KEEP_MS = 24 * 60 * 60 * 1000;

export interface Throttle {
  /** locked: this address must wait for the window; slowed: this email must wait a short delay. */
  kind: "locked" | "slowed";
  retryAt: Date;
}

export function emailDelayMs(failures: number): number {
  const over = failures - THROTTLE.perEmailFree;
  if (over < 0) return 0;
  return Math.min(THROTTLE.emailDelayBaseMs * 2 ** over, THROTTLE.emailDelayMaxMs);
}

/** Whether a password try for this email from this address must wait, and until when. */
export function checkThrottle(db: Tx, email: string, ip: string, now = Date.now()): Throttle | null {
  const since = new Date(now - THROTTLE.windowMs);
  const recent = gt(loginFailures.createdAt, since);
  let lockedUntil = 0;
  const locks = [
    { where: and(eq(loginFailures.email, email), eq(loginFailures.ip, ip), recent), max: THROTTLE.perPair },
    { where: and(eq(loginFailures.ip, ip), recent), max: THROTTLE.perAddress },
  ];
  for (const { where, max } of locks) {
    // Open again once the max-th most recent failure leaves the window.
    const pivot = db
      .select({ at: loginFailures.createdAt })
      .from(loginFailures)
      .where(where)
      .orderBy(desc(loginFailures.createdAt))
      .limit(1)
      .offset(max - 1)
      .get();
    if (pivot) lockedUntil = Math.max(lockedUntil, pivot.at.getTime() + THROTTLE.windowMs);
  }
  if (lockedUntil > now) return { kind: "locked", retryAt: new Date(lockedUntil) };

  const byEmail = and(eq(loginFailures.email, email), recent);
  const failures = db.select({ n: count() }).from(loginFailures).where(byEmail).get()?.n ?? 0;
  const delay = emailDelayMs(failures);
  if (delay === 0) return null;
  const last = db
    .select({ at: loginFailures.createdAt })
    .from(loginFailures)
    .where(byEmail)
    .orderBy(desc(loginFailures.createdAt))
    .limit(1)
    .get();
  const opensAt = (last?.at.getTime() ?? now) + delay;
  return opensAt > now ? { kind: "slowed", retryAt: new Date(opensAt) } : null;
}

export function recordLoginFailure(db: Tx, email: string, ip: string, now = Date.now()) {
  db.insert(loginFailures)
    .values({ email, ip, createdAt: new Date(now) })
    .run();
  db.delete(loginFailures)
    .where(lt(loginFailures.createdAt, new Date(now - KEEP_MS)))
    .run();
}

/**
 * After a success, forget this address's failures on this email (the owner's
 * own typos). Failures from other addresses stay: an attacker's count must not
 * restart because the owner signed in.
 */
export function clearLoginFailures(db: Tx, email: string, ip: string) {
  db.delete(loginFailures)
    .where(and(eq(loginFailures.email, email), eq(loginFailures.ip, ip)))
    .run();
}
