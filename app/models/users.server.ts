import { and, count, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { type Locale, type Role, universities, users } from "~db/schema";
import { revokeUserSessions } from "~/auth/session.server";
import { type Actor, recordAudit } from "./audit.server";
import { paging } from "./paging.server";
import { containsAny } from "./search.server";

export const USER_PAGE_SIZE = 50;
/** A stored hash no password can match: the account waits for a reset link. */
export const NO_PASSWORD = "!unset";

export class DuplicateEmailError extends Error {}
/** Nobody disables themselves or changes their own role: an admin could lock the program out. */
export class SelfChangeError extends Error {}
export class UnknownUniversityError extends Error {}

export function findUserByEmail(db: Tx, email: string) {
  return db.select().from(users).where(eq(users.email, email)).get();
}

export function getUser(db: Tx, id: number) {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export interface UserSearch {
  q?: string;
  role?: Role;
  page?: number;
}

export function searchUsers(db: Tx, { q = "", role, page = 1 }: UserSearch) {
  const conditions = [];
  if (q) conditions.push(containsAny(q, [users.email, users.name, users.studentNumber]));
  if (role) conditions.push(eq(users.role, role));
  const where = conditions.length ? and(...conditions) : undefined;
  const total = db.select({ n: count() }).from(users).where(where).get()?.n ?? 0;
  const at = paging(total, page, USER_PAGE_SIZE);
  const rows = db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      studentNumber: users.studentNumber,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      universityCode: universities.code,
    })
    .from(users)
    .leftJoin(universities, eq(universities.id, users.universityId))
    .where(where)
    .orderBy(desc(users.id))
    .limit(at.limit)
    .offset(at.offset)
    .all();
  return { rows, total, page: at.page, pages: at.pages };
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  universityId: number | null;
  locale?: Locale;
  studentNumber?: string | null;
  passwordHash?: string;
}

/** Creates an account. Admin-created accounts have no password until their reset link is used. */
export function createUser(db: Tx, actor: Actor, input: NewUser) {
  if (findUserByEmail(db, input.email)) throw new DuplicateEmailError(input.email);
  if (
    input.universityId !== null &&
    !db
      .select({ id: universities.id })
      .from(universities)
      .where(eq(universities.id, input.universityId))
      .get()
  )
    throw new UnknownUniversityError(String(input.universityId));
  const row = db
    .insert(users)
    .values({ ...input, passwordHash: input.passwordHash ?? NO_PASSWORD })
    .returning()
    .get();
  recordAudit(db, actor, {
    action: "user.create",
    targetType: "user",
    targetId: row.id,
    after: { email: row.email, name: row.name, role: row.role, universityId: row.universityId },
  });
  return row;
}

export function setUserDisabled(db: Db, actor: Actor, userId: number, disabled: boolean) {
  if (actor.id === userId) throw new SelfChangeError();
  return db.transaction(
    (tx) => {
      const before = getUser(tx, userId);
      if (!before) return null;
      const after = tx
        .update(users)
        .set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
        .where(eq(users.id, userId))
        .returning()
        .get();
      if (disabled) revokeUserSessions(tx, userId);
      recordAudit(tx, actor, {
        action: disabled ? "user.disable" : "user.enable",
        targetType: "user",
        targetId: userId,
        before: { email: before.email, disabled: before.disabledAt !== null },
        after: { email: after.email, disabled },
      });
      return after;
    },
    { behavior: "immediate" },
  );
}

export function changeUserRole(db: Db, actor: Actor, userId: number, role: Role) {
  if (actor.id === userId) throw new SelfChangeError();
  return db.transaction(
    (tx) => {
      const before = getUser(tx, userId);
      if (!before) return null;
      if (before.role === role) return before;
      const after = tx
        .update(users)
        .set({ role, updatedAt: new Date() })
        .where(eq(users.id, userId))
        .returning()
        .get();
      // A changed role takes effect at once: the person signs in again under the new one.
      revokeUserSessions(tx, userId);
      recordAudit(tx, actor, {
        action: "user.role",
        targetType: "user",
        targetId: userId,
        before: { email: before.email, role: before.role },
        after: { email: after.email, role },
      });
      return after;
    },
    { behavior: "immediate" },
  );
}

export function updateProfile(db: Tx, userId: number, input: { name: string; locale: Locale }) {
  return db
    .update(users)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning()
    .get();
}

export function setLocale(db: Tx, userId: number, locale: Locale) {
  db.update(users).set({ locale }).where(eq(users.id, userId)).run();
}

/** Stores a new password hash and ends every other session of the user. */
export function replacePassword(db: Db, userId: number, passwordHash: string, keepSessionIdHash?: string) {
  db.transaction(
    (tx) => {
      tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId)).run();
      revokeUserSessions(tx, userId, keepSessionIdHash);
    },
    { behavior: "immediate" },
  );
}
