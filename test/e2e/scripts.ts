import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { E2E_DB, E2E_SECRET } from "../../playwright.config";

const run = promisify(execFile);

/**
 * Runs one of the operator scripts (scripts/*.ts) as its own process, pointed
 * at the e2e server's database and secret, as an operator would on the host.
 * Resolves with its standard output; rejects with both streams when it fails.
 */
export async function runScript(script: string, args: string[], env: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, ["--import", "tsx", script, ...args], {
    env: { ...process.env, DATABASE_PATH: E2E_DB, SESSION_SECRET: E2E_SECRET, APP_MODE: "demo", ...env },
    timeout: 30_000,
  });
  return stdout;
}

/** A compute-center client made by `npm run compute-client -- create`, read from its output lines. */
export async function createCenterClient(name: string) {
  const out = await runScript("scripts/compute-client.ts", ["create", "--name", name]);
  const clientId = /^client_id=(\S+)$/m.exec(out)?.[1];
  const secret = /^secret=(\S+)$/m.exec(out)?.[1];
  if (!clientId || !secret) throw new Error(`compute-client printed no client:\n${out}`);
  return { clientId, secret };
}

/** The program's current month (Beijing), as the admin report names it: `YYYY-MM`. */
export function beijingMonth(at = new Date()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit" })
    .format(at)
    .slice(0, 7);
}
