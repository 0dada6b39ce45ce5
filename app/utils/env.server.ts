import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { databasePath } from "~db/paths.server";

/**
 * demo: `npm start` on a fresh clone (seeded demo data, generated secret, plain http).
 * production: the operator set NODE_ENV=production (SESSION_SECRET required, Secure cookies, never seeded).
 * development: `npm run dev`. test: Vitest and e2e.
 */
export type AppMode = "demo" | "production" | "development" | "test";

export function appMode(): AppMode {
  const mode = process.env.APP_MODE;
  if (mode === "demo" || mode === "production" || mode === "development" || mode === "test") return mode;
  if (process.env.VITEST) return "test";
  return process.env.NODE_ENV === "production" ? "production" : "development";
}

export class ConfigError extends Error {}

let cachedSecret: string | undefined;

/** The cookie-signing secret: required in production, generated once and kept beside the database otherwise. */
export function sessionSecret(): string {
  if (cachedSecret) return cachedSecret;
  const fromEnv = process.env.SESSION_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new ConfigError("SESSION_SECRET must be at least 32 characters long.");
    cachedSecret = fromEnv;
    return fromEnv;
  }
  if (appMode() === "production") {
    throw new ConfigError(
      "SESSION_SECRET is not set. In production the server refuses to start without it: set SESSION_SECRET to a random string of at least 32 characters (for example: openssl rand -hex 32).",
    );
  }
  const file = path.join(path.dirname(databasePath()), "session-secret");
  if (existsSync(file)) {
    cachedSecret = readFileSync(file, "utf8").trim();
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
    cachedSecret = randomBytes(32).toString("hex");
    writeFileSync(file, cachedSecret, { mode: 0o600 });
  }
  return cachedSecret;
}
