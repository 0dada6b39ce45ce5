import { hashPassword } from "~/auth/password.server";
import { createSession } from "~/auth/session.server";
import { type Db, getDb } from "~db/client.server";
import { type Locale, type Role, universities, users } from "~db/schema";

export const TEST_PASSWORD = "correct horse battery";
let passwordHash: Promise<string> | undefined;
let counter = 0;

/** A user with TEST_PASSWORD (hashed once per worker: argon2id is deliberately slow). */
export async function createTestUser(
  options: {
    role?: Role;
    email?: string;
    name?: string;
    universityId?: number | null;
    locale?: Locale;
  } = {},
  db: Db = getDb(),
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  counter += 1;
  return db
    .insert(users)
    .values({
      email: options.email ?? `user${counter}-${process.pid}@test.example.edu`,
      name: options.name ?? `Test User ${counter}`,
      role: options.role ?? "student",
      universityId: options.universityId ?? null,
      locale: options.locale ?? "zh-CN",
      passwordHash: await passwordHash,
    })
    .returning()
    .get();
}

export function createTestUniversity(code = `U${++counter}`, db: Db = getDb()) {
  return db
    .insert(universities)
    .values({ code, nameZh: `测试大学${code}`, nameEn: `Test University ${code}` })
    .returning()
    .get();
}

/** A signed-in Cookie header for the user, made by creating a real session row (no password typing). */
export async function sessionCookieFor(userId: number, db: Db = getDb()): Promise<string> {
  const setCookie = await createSession(new Request("http://localhost/"), userId, db);
  return setCookie.split(";")[0] ?? "";
}
