import { and, count, desc, eq, gt, lt } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { loginFailures } from "~db/schema";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 10;
export const MAX_FAILURES_PER_IP = 50;

/** When sign-in is throttled for this email or address, the moment it opens again; otherwise null. */
export function throttledUntil(db: Tx, email: string, ip: string, now = Date.now()): Date | null {
  const since = new Date(now - THROTTLE_WINDOW_MS);
  const checks = [
    { column: loginFailures.email, value: email, max: MAX_FAILURES_PER_EMAIL },
    { column: loginFailures.ip, value: ip, max: MAX_FAILURES_PER_IP },
  ];
  let until: number | null = null;
  for (const { column, value, max } of checks) {
    const where = and(eq(column, value), gt(loginFailures.createdAt, since));
    const n = db.select({ n: count() }).from(loginFailures).where(where).get()?.n ?? 0;
    if (n < max) continue;
    // Open again once the max-th most recent failure leaves the window.
    const pivot = db
      .select({ at: loginFailures.createdAt })
      .from(loginFailures)
      .where(where)
      .orderBy(desc(loginFailures.createdAt))
      .limit(1)
      .offset(max - 1)
      .get();
    const opensAt = (pivot?.at.getTime() ?? now) + THROTTLE_WINDOW_MS;
    until = Math.max(until ?? 0, opensAt);
  }
  return until === null ? null : new Date(until);
}

export function recordLoginFailure(db: Tx, email: string, ip: string, now = Date.now()) {
  db.insert(loginFailures)
    .values({ email, ip, createdAt: new Date(now) })
    .run();
  // Old rows are worthless for throttling; keep the table small.
  db.delete(loginFailures)
    .where(lt(loginFailures.createdAt, new Date(now - 24 * 60 * 60 * 1000)))
    .run();
}

export function clearLoginFailures(db: Tx, email: string) {
  db.delete(loginFailures).where(eq(loginFailures.email, email)).run();
}
