import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { E2E_DB, E2E_PORT, E2E_SECRET } from "../../playwright.config";

export const origin = `http://localhost:${E2E_PORT}`;

type Role = "student" | "teacher" | "admin";
export interface E2EUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  password: string;
}

/** The app's own code, pointed at the e2e server's database and secret. */
async function app() {
  process.env.DATABASE_PATH = E2E_DB;
  process.env.SESSION_SECRET = E2E_SECRET;
  process.env.APP_MODE = "demo";
  const [factories, session, cohorts, enrolment, db] = await Promise.all([
    import("../support/factories"),
    import("~/auth/session.server"),
    import("~/models/cohorts.server"),
    import("~/models/enrolment.server"),
    import("~db/client.server"),
  ]);
  return { ...factories, ...session, ...cohorts, ...enrolment, getDb: db.getDb };
}

/** Join codes of the cohorts this test process made, one per course. */
const cohortCodes = new Map<string, string>();

/** Enrols a user in a cohort of the course (made on first use), as joining with its code would. */
async function enrol(userId: number, courseId: string) {
  const { getDb, createCohort, joinCohort } = await app();
  const db = getDb();
  let code = cohortCodes.get(courseId);
  if (!code) {
    const university = db.$client.prepare("SELECT id FROM universities ORDER BY id LIMIT 1").get() as
      | { id: number }
      | undefined;
    if (!university) throw new Error("the e2e database has no university (is the demo seed there?)");
    code = createCohort(
      db,
      { id: null, label: "e2e" },
      {
        courseId,
        universityId: university.id,
        name: `E2E ${courseId}`,
        term: "e2e",
        startsOn: "2020-01-01",
        endsOn: "2099-12-31",
        capacity: null,
        joinCodeExpiresAt: null,
        teacherIds: [],
      },
    ).joinCode;
    cohortCodes.set(courseId, code);
  }
  const joined = joinCohort(db, userId, code);
  if (!joined.ok) throw new Error(`could not enrol user ${userId} in ${courseId}: ${joined.reason}`);
}

let made = 0;

/**
 * A new account for one test, in the e2e database: tests never share (or lock
 * out) an account, so each stands alone and any order works.
 */
export async function createUser(
  options: {
    role?: Role;
    locale?: "zh-CN" | "en";
    name?: string;
    email?: string;
    /** Course ids whose lessons the user reads as an enrolled student. */
    enrolledIn?: string[];
  } = {},
): Promise<E2EUser> {
  const { createTestUser, TEST_PASSWORD } = await app();
  made += 1;
  const role = options.role ?? "student";
  const user = await createTestUser({
    role,
    email: options.email ?? `e2e-${role}-${Date.now().toString(36)}-${made}@e2e.example.edu`,
    name: options.name ?? `E2E ${role} ${made}`,
    locale: options.locale ?? "zh-CN",
  });
  for (const courseId of options.enrolledIn ?? []) await enrol(user.id, courseId);
  return { id: user.id, email: user.email, name: user.name, role, password: TEST_PASSWORD };
}

/** The user's row as the server sees it now, to check what a page changed. */
export async function userById(id: number) {
  const [{ getDb }, { eq }, { users }] = await Promise.all([
    app().then(() => import("~db/client.server")),
    import("drizzle-orm"),
    import("~db/schema"),
  ]);
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

/** Signs a browser in by creating a real session row and setting its cookie: no password typing. */
export async function signInAs(
  page: Page,
  who: Role | E2EUser,
  options: { locale?: "zh-CN" | "en"; enrolledIn?: string[] } = {},
): Promise<E2EUser> {
  const user = typeof who === "string" ? await createUser({ role: who, ...options }) : who;
  const { createSession } = await app();
  const setCookie = await createSession(new Request(origin), user.id);
  const value = /^ta_session=([^;]*)/.exec(setCookie)?.[1] ?? "";
  await page
    .context()
    .addCookies([
      { name: "ta_session", value, domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" },
    ]);
  return user;
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

/** Collects page errors and console errors, to assert there were none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  return problems;
}

export const test = base;
export { expect };
