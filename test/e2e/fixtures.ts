import { test as base, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { E2E_DB, E2E_PORT, E2E_SECRET } from "../../playwright.config";

export const DEMO = {
  admin: "admin@example.edu",
  teacher: "teacher@example.edu",
  student: "student@example.edu",
} as const;
export const DEMO_PASSWORD = "talent-demo-2026";
export const origin = `http://localhost:${E2E_PORT}`;

/** Creates a real session row for a demo account and puts its cookie in the browser: no password typing. */
export async function signInAs(page: Page, who: keyof typeof DEMO) {
  // The app's own session code, pointed at the e2e server's database and secret.
  process.env.DATABASE_PATH = E2E_DB;
  process.env.SESSION_SECRET = E2E_SECRET;
  process.env.APP_MODE = "demo";
  const [{ getDb }, { createSession }, { findUserByEmail }] = await Promise.all([
    import("~db/client.server"),
    import("~/auth/session.server"),
    import("~/models/users.server"),
  ]);
  const user = findUserByEmail(getDb(), DEMO[who]);
  if (!user) throw new Error(`demo account ${DEMO[who]} missing`);
  const setCookie = await createSession(new Request(origin), user.id);
  const value = /^ta_session=([^;]*)/.exec(setCookie)?.[1] ?? "";
  await page
    .context()
    .addCookies([
      { name: "ta_session", value, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" },
    ]);
}

/** Waits until React has hydrated, so clicks reach their handlers. */
export async function hydrated(page: Page) {
  await page.waitForLoadState("networkidle");
}

export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

export const test = base;
export { expect };
