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
  const [factories, session] = await Promise.all([
    import("../support/factories"),
    import("~/auth/session.server"),
  ]);
  return { ...factories, ...session };
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
    universityId?: number;
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
    universityId: options.universityId ?? null,
  });
  return { id: user.id, email: user.email, name: user.name, role, password: TEST_PASSWORD };
}

/** A new university in the e2e database, for teachers who create cohorts there. */
export async function createUniversity() {
  const { createTestUniversity } = await app();
  return createTestUniversity(`E2E${Date.now().toString(36).toUpperCase()}${++made}`);
}

/** A new cohort of ai-foundations at the university, taught by the teacher, with the student enrolled. */
export async function cohortTaughtBy(teacherId: number, universityId: number, studentId: number) {
  await app();
  const [{ getDb }, { createTestCohort }, { joinCohort }] = await Promise.all([
    import("~db/client.server"),
    import("../support/cohorts"),
    import("~/models/enrolment.server"),
  ]);
  const cohort = createTestCohort({ courseId: "ai-foundations", universityId, teacherIds: [teacherId] });
  joinCohort(getDb(), studentId, cohort.joinCode);
  return cohort.id;
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

/** Enrols an account in a new cohort of the course, so it may read the course's lessons. */
export async function enrolInCourse(userId: number, courseId = "ai-foundations") {
  await app();
  const [{ getDb }, { createTestCohort }, { joinCohort }] = await Promise.all([
    import("~db/client.server"),
    import("../support/cohorts"),
    import("~/models/enrolment.server"),
  ]);
  const cohort = createTestCohort({ courseId });
  joinCohort(getDb(), userId, cohort.joinCode);
  return cohort;
}

/** Minutes in a pool for an account, the real way: a one-code batch issued and redeemed. */
export async function creditMinutes(userId: number, poolSlug: string, minutes: number) {
  await app();
  const [{ getDb }, { poolBySlug }, { issueBatch, redeemCode }] = await Promise.all([
    import("~db/client.server"),
    import("~/models/pools.server"),
    import("~/models/vouchers.server"),
  ]);
  const db = getDb();
  const pool = poolBySlug(db, poolSlug);
  if (!pool) throw new Error(`no pool ${poolSlug}`);
  const issued = issueBatch(
    db,
    { id: null, label: "e2e" },
    {
      poolId: pool.id,
      count: 1,
      minutesEach: minutes,
      expiresAt: new Date(Date.now() + 60 * 24 * 60 * 60 * 1000),
      purpose: "e2e",
      cohortId: null,
    },
  );
  const code = issued.ok ? issued.codes[0] : undefined;
  if (!code || !redeemCode(db, userId, code).ok) throw new Error("could not credit minutes");
}

/** One of the demo seed's accounts (student, teacher or admin), as an E2EUser. */
export async function demoUser(role: Role = "student"): Promise<E2EUser> {
  await app();
  const [{ getDb }, { eq }, { users }, { TEST_PASSWORD }] = await Promise.all([
    import("~db/client.server"),
    import("drizzle-orm"),
    import("~db/schema"),
    import("../support/factories"),
  ]);
  const row = getDb()
    .select()
    .from(users)
    .where(eq(users.email, `${role}@example.edu`))
    .get();
  if (!row) throw new Error(`the demo seed has a ${role}`);
  return { id: row.id, email: row.email, name: row.name, role, password: TEST_PASSWORD };
}

/** The demo seed's student (part-way through the demo cohort), as an E2EUser. */
export function demoStudent(): Promise<E2EUser> {
  return demoUser("student");
}

/** Signs a browser in by creating a real session row and setting its cookie: no password typing. */
export async function signInAs(
  page: Page,
  who: Role | E2EUser,
  options: { locale?: "zh-CN" | "en" } = {},
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
