import type { Page } from "@playwright/test";
import { E2E_DB, E2E_SECRET } from "../../playwright.config";
import { origin } from "./fixtures";

let counter = 0;

async function app() {
  // The app's own code, pointed at the e2e server's database and secret.
  process.env.DATABASE_PATH = E2E_DB;
  process.env.SESSION_SECRET = E2E_SECRET;
  process.env.APP_MODE = "demo";
  const [{ getDb }, { createSession }, { users }] = await Promise.all([
    import("~db/client.server"),
    import("~/auth/session.server"),
    import("~db/schema"),
  ]);
  return { db: getDb(), createSession, users };
}

/** A user of this test's own (the demo accounts stay untouched and unlocked). */
export async function createUser(
  role: "student" | "teacher" | "admin",
  options: { email?: string; name?: string } = {},
) {
  const { db, users } = await app();
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  return db
    .insert(users)
    .values({
      email: options.email ?? `${role}-${tag}@e2e.example.edu`,
      name: options.name ?? `E2E ${role} ${tag}`,
      role,
      universityId: null,
      locale: "zh-CN",
      passwordHash: "!unset",
    })
    .returning()
    .get();
}

export async function userById(id: number) {
  const { db } = await app();
  const { eq } = await import("drizzle-orm");
  const { users } = await import("~db/schema");
  return db.select().from(users).where(eq(users.id, id)).get();
}

/** Puts a real session for the user in the browser: no password typing. */
export async function signInAsUser(page: Page, userId: number) {
  const { createSession } = await app();
  const setCookie = await createSession(new Request(origin), userId);
  const value = /^ta_session=([^;]*)/.exec(setCookie)?.[1] ?? "";
  await page
    .context()
    .addCookies([
      { name: "ta_session", value, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" },
    ]);
}
