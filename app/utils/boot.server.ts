import { sql } from "drizzle-orm";
import { getDb } from "~db/client.server";
import { databasePath } from "~db/paths.server";
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from "~db/seed";
import { demoJoinPath } from "~db/seed-cohort";
import { warmContent } from "~/courseware/store.server";
import { appMode, sessionSecret } from "./env.server";
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
 * (production refuses to start without SESSION_SECRET), open and migrate the
 * database, seed a new demo database, and warm the content cache so no
 * request waits on a compile.
 */
export async function boot(): Promise<BootReport> {
  const mode = appMode();
  sessionSecret();
  const db = getDb();
  let seeded = false;
  if (mode === "demo" && isEmpty(db)) {
    await seedDemo(db);
    seeded = true;
  }
  await warmContent();
  log("info", "boot complete", { mode, database: databasePath(), seeded });
  return {
    mode,
    database: databasePath(),
    seeded,
    demoAccounts: mode === "demo" ? DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role })) : [],
    demoJoinPath: mode === "demo" ? demoJoinPath(db) : null,
  };
}

/** For /healthz: does the database answer? */
export function databaseAnswers(): boolean {
  try {
    return getDb().get<{ ok: number }>(sql`select 1 as ok`)?.ok === 1;
  } catch {
    return false;
  }
}
