import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { passwordResetTokens, users } from "~db/schema";
import { hashToken, revokeUserSessions } from "~/auth/session.server";
import { type Actor, recordAudit } from "./audit.server";

export const RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Issues a one-time reset token for a user (the admin hands the link over).
 * Earlier unused tokens for the same user stop working. Only the hash is kept.
 */
export function createResetToken(db: Tx, actor: Actor, userId: number, now = Date.now()): string {
  const token = randomBytes(32).toString("base64url");
  db.update(passwordResetTokens)
    .set({ usedAt: new Date(now) })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
    .run();
  db.insert(passwordResetTokens)
    .values({
      userId,
      tokenHash: hashToken(token),
      createdBy: actor.id,
      expiresAt: new Date(now + RESET_TTL_MS),
    })
    .run();
  recordAudit(db, actor, { action: "user.reset-link", targetType: "user", targetId: userId });
  return token;
}

function validTokenRow(db: Tx, token: string, now: number) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return db
    .select({
      id: passwordResetTokens.id,
      userId: users.id,
      email: users.email,
      disabledAt: users.disabledAt,
    })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashToken(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, new Date(now)),
      ),
    )
    .get();
}

/** The account a live token belongs to, or null for unknown, used, expired tokens and disabled accounts. */
export function findResetTarget(db: Tx, token: string, now = Date.now()) {
  const row = validTokenRow(db, token, now);
  return row && !row.disabledAt ? { userId: row.userId, email: row.email } : null;
}

/** Uses the token once: sets the password, ends all sessions. False when the token is no longer valid. */
export function consumeResetToken(db: Db, token: string, passwordHash: string, now = Date.now()): boolean {
  return db.transaction(
    (tx) => {
      const row = validTokenRow(tx, token, now);
      if (!row || row.disabledAt) return false;
      tx.update(passwordResetTokens)
        .set({ usedAt: new Date(now) })
        .where(eq(passwordResetTokens.id, row.id))
        .run();
      tx.update(users)
        .set({ passwordHash, updatedAt: new Date(now) })
        .where(eq(users.id, row.userId))
        .run();
      revokeUserSessions(tx, row.userId);
      recordAudit(
        tx,
        { id: row.userId, label: row.email },
        {
          action: "user.password-reset",
          targetType: "user",
          targetId: row.userId,
        },
      );
      return true;
    },
    { behavior: "immediate" },
  );
}
