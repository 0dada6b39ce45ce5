import { and, count, eq, gt, lt } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { type User, joinFailures, users } from "~db/schema";
import type { Locale } from "~/i18n/locale";
import { type JoinFailure, type JoinResult, joinInTransaction } from "./enrolment.server";
import { createUser, findUserByEmail } from "./users.server";
import { calendarDay } from "~/utils/calendar-day";
import { lookupJoinCode, seatsTaken } from "./cohorts.server";

/** Like sign-in: wrong codes from one address or account are limited per quarter hour. */
export const JOIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_JOIN_FAILURES_PER_IP = 50;
export const MAX_JOIN_FAILURES_PER_USER = 10;

export function joinThrottledUntil(db: Tx, ip: string, userId: number | null, now = Date.now()): Date | null {
  const since = new Date(now - JOIN_WINDOW_MS);
  const checks = [{ where: eq(joinFailures.ip, ip), max: MAX_JOIN_FAILURES_PER_IP }];
  if (userId !== null)
    checks.push({ where: eq(joinFailures.userId, userId), max: MAX_JOIN_FAILURES_PER_USER });
  let until = 0;
  for (const { where, max } of checks) {
    const recent = db
      .select({ at: joinFailures.createdAt })
      .from(joinFailures)
      .where(and(where, gt(joinFailures.createdAt, since)))
      .orderBy(joinFailures.createdAt)
      .all();
    if (recent.length < max) continue;
    const pivot = recent[recent.length - max]?.at.getTime() ?? now;
    until = Math.max(until, pivot + JOIN_WINDOW_MS);
  }
  return until > now ? new Date(until) : null;
}

export function recordJoinFailure(db: Tx, ip: string, userId: number | null, now = Date.now()) {
  db.insert(joinFailures)
    .values({ ip, userId, createdAt: new Date(now) })
    .run();
  db.delete(joinFailures)
    .where(lt(joinFailures.createdAt, new Date(now - 24 * 60 * 60 * 1000)))
    .run();
}

/** Failures worth counting towards the throttle: guesses, not a full or ended cohort. */
export function isGuessLike(reason: string): boolean {
  return reason === "unknown" || reason === "rotated" || reason === "expired";
}

export interface SignUp {
  name: string;
  email: string;
  studentNumber: string;
  passwordHash: string;
  locale: Locale;
}

export type SignUpResult =
  | { ok: true; user: User; join: Extract<JoinResult, { ok: true }> }
  | { ok: false; reason: JoinFailure | "email-taken" | "student-number-taken" };

/**
 * A new student account at the cohort's university, enrolled in it: one
 * immediate transaction, so a refused code, a taken email or student number
 * leaves no account behind.
 */
export function signUpAndJoin(db: Db, input: SignUp, code: string, now = Date.now()): SignUpResult {
  return db.transaction(
    (tx): SignUpResult => {
      const found = lookupJoinCode(tx, code, now, calendarDay(now));
      if (found.status !== "open") return { ok: false, reason: found.status };
      const { cohort } = found;
      if (cohort.capacity !== null && seatsTaken(tx, cohort.id) >= cohort.capacity)
        return { ok: false, reason: "full" };
      if (findUserByEmail(tx, input.email)) return { ok: false, reason: "email-taken" };
      const { universityId } = cohort;
      const numberTaken =
        (tx
          .select({ n: count() })
          .from(users)
          .where(and(eq(users.universityId, universityId), eq(users.studentNumber, input.studentNumber)))
          .get()?.n ?? 0) > 0;
      if (numberTaken) return { ok: false, reason: "student-number-taken" };
      const user = createUser(
        tx,
        { id: null, label: `${input.email} (sign-up)` },
        {
          email: input.email,
          name: input.name,
          role: "student",
          universityId,
          studentNumber: input.studentNumber,
          locale: input.locale,
          passwordHash: input.passwordHash,
        },
      );
      const join = joinInTransaction(tx, user.id, code, now);
      // Checked above, in this same transaction: a refusal now is a bug, and throwing undoes the account.
      if (!join.ok) throw new Error(`sign-up enrolment refused: ${join.reason}`);
      return { ok: true, user, join };
    },
    { behavior: "immediate" },
  );
}
