import { sql } from "drizzle-orm";
import { SERVER_BUSY_TIMEOUT_MS, databaseFileProblem, getDb } from "~db/client.server";
import { databasePath } from "~db/paths.server";
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from "~db/seed";
import { demoJoinPath } from "~db/seed-cohort";
import { warmContent } from "~/courseware/store.server";
import { syncProgressSummaries } from "~/models/progress-summaries.server";
import { summaryRulesJson } from "~/models/course-rules.server";
import { appMode, checkProductionConfig, freezeEnv, sessionSecret } from "./env.server";
import { log } from "./log.server";

export interface BootReport {
  mode: string;
  database: string;
  seeded: boolean;
  demoAccounts: { email: string; role: string }[];
  /** `/join/<code>` of the demo cohort (demo mode only). */
  demoJoinPath: string | null;
}

/**
 * Everything the server does once before it listens: check configuration
 * (production refuses to start without SESSION_SECRET or PUBLIC_URL), open and
 * migrate the database, seed a new demo database, warm the content cache
 * so no request waits on a compile, and bring the progress summaries in line
 * with content's required lessons (built on the first start after the
 * migration, a course recounted when its rules changed).
 */
export async function boot(): Promise<BootReport> {
  freezeEnv();
  const mode = appMode();
  checkProductionConfig();
  sessionSecret();
  const db = getDb();
  // Migrations above may wait for a lock; requests must not (see SERVER_BUSY_TIMEOUT_MS).
  db.$client.pragma(`busy_timeout = ${SERVER_BUSY_TIMEOUT_MS}`);
  let seeded = false;
  if (mode === "demo" && isEmpty(db)) {
    await seedDemo(db);
    seeded = true;
  }
  await warmContent();
  const counting = Date.now();
  const summaries = syncProgressSummaries(db, await summaryRulesJson());
  if (summaries.kind !== "current")
    log("info", "progress summaries counted", { ...summaries, ms: Date.now() - counting });
  log("info", "boot complete", { mode, database: databasePath(), seeded });
  return {
    mode,
    database: databasePath(),
    seeded,
    demoAccounts: mode === "demo" ? DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role })) : [],
    demoJoinPath: mode === "demo" ? demoJoinPath(db) : null,
  };
}

/**
 * For /healthz: is the database the file we opened, still a database, and
 * does a real table answer? Null when healthy, otherwise why not.
 */
export function databaseProblem(): string | null {
  try {
    const db = getDb();
    const problem = databaseFileProblem();
    if (problem) return problem;
    // A real page of a real table, not `select 1` (which never touches the file).
    db.get(sql`select id from users order by id limit 1`);
    db.get(sql`select count(*) from sqlite_master`);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Whether a write may go ahead: refused while the database file is gone or replaced (it would be lost).
 * The requests that arrive in one turn of the event loop share one look at the file (a stat and a read),
 * since nothing can change it in between but another process, which they would race all the same.
 */
export function writeBlocker(): string | null {
  if (lastLook) return lastLook.problem;
  lastLook = { problem: databaseFileProblem() };
  setImmediate(() => {
    lastLook = null;
  });
  return lastLook.problem;
}
let lastLook: { problem: string | null } | null = null;
