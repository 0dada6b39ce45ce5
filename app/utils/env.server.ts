import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { databasePath } from "~db/paths.server";

/**
 * demo: `npm start` on a fresh clone (seeded demo data, generated secret, plain http).
 * production: the operator set NODE_ENV=production (SESSION_SECRET and PUBLIC_URL required, Secure cookies, never seeded).
 * development: `npm run dev`. test: Vitest and e2e.
 */
export const APP_MODES = ["demo", "production", "development", "test"] as const;
export type AppMode = (typeof APP_MODES)[number];

export class ConfigError extends Error {}

// An empty variable means "not set": `FOO= npm start` must behave like no FOO at all.
const unset = (value: unknown) => (value === "" ? undefined : value);
function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unset, schema.optional());

/**
 * Every environment variable the app reads, in one place. The README's table
 * documents the same list; the server refuses to start when one is malformed.
 */
const envSchema = z.object({
  APP_MODE: optional(z.enum(APP_MODES, { message: `must be one of ${APP_MODES.join(", ")}` })),
  NODE_ENV: optional(z.string()),
  VITEST: optional(z.string()),
  HOST: z.preprocess(unset, z.string().default("0.0.0.0")),
  PORT: z.preprocess(
    unset,
    z.coerce
      .number({ message: "must be a port number" })
      .int("must be a port number")
      .min(0, "must be a port number")
      .max(65_535, "must be a port number")
      .default(3000),
  ),
  PUBLIC_URL: optional(
    z
      .string()
      .refine(isHttpUrl, "must be an absolute http:// or https:// URL such as https://talent.example.edu")
      .transform((value) => new URL(value).origin),
  ),
  TRUST_PROXY: optional(z.string()),
  DATABASE_PATH: optional(z.string()),
  SESSION_SECRET: optional(z.string().min(32, "must be at least 32 characters long")),
  LOG_LEVEL: z.preprocess(unset, z.enum(["debug", "info", "warn", "error"]).default("info")),
  ACCESS_LOG: z.preprocess(unset, z.enum(["0", "1"], { message: "must be 0 or 1" }).default("1")),
  HEAP_MB: z.preprocess(
    unset,
    z.coerce
      .number({ message: "must be a number of megabytes" })
      .int("must be a whole number of megabytes")
      .min(128, "must be at least 128")
      .max(65_536, "must be at most 65536")
      .default(512),
  ),
  BENCH_ROUTE: optional(z.enum(["0", "1"])),
});

export type Env = z.output<typeof envSchema> & { mode: AppMode };

const NAMES = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];

/**
 * The one place that decides the mode. An explicit APP_MODE wins; otherwise
 * NODE_ENV says production or development; Vitest is test; anything else gets
 * the caller's default: the server runs a fresh clone as the demo, while the
 * CLI tools (content build, admin) behave as in development.
 */
export function detectMode(
  raw: { APP_MODE?: string; NODE_ENV?: string; VITEST?: string },
  fallback: AppMode = "development",
): AppMode {
  if (raw.APP_MODE) return raw.APP_MODE as AppMode;
  if (raw.NODE_ENV === "production") return "production";
  if (raw.NODE_ENV === "development") return "development";
  if (raw.VITEST) return "test";
  return fallback;
}

/** Parses the variables, or throws a ConfigError naming each bad one and why. */
export function parseEnv(
  source: Record<string, string | undefined>,
  fallbackMode: AppMode = "development",
): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigError(`Invalid environment: ${problems.join("; ")}.`);
  }
  return { ...result.data, mode: detectMode(result.data, fallbackMode) };
}

let cached: { key: string; env: Env } | undefined;
let frozen = false;

/** The server's environment never changes after start-up: stop re-reading it on every request. */
export function freezeEnv(): void {
  env();
  frozen = true;
}

/**
 * The current environment, parsed. Tests change process.env between cases,
 * so until frozen the parse is memoised on the raw values, not once for good.
 */
export function env(): Env {
  if (frozen && cached) return cached.env;
  let key = "";
  for (const name of NAMES) key += `${process.env[name] ?? ""}\u0000`;
  if (cached?.key !== key) cached = { key, env: parseEnv(process.env) };
  return cached.env;
}

export function appMode(): AppMode {
  return env().mode;
}

const MISSING_SECRET =
  "SESSION_SECRET is not set. In production the server refuses to start without it: set SESSION_SECRET to a random string of at least 32 characters (for example: openssl rand -hex 32).";
const MISSING_PUBLIC_URL =
  "PUBLIC_URL is not set. In production the server refuses to start without it: set PUBLIC_URL to the address people type in their browser (for example https://talent.example.edu). Form posts are accepted only from that origin, which also works behind an HTTPS reverse proxy.";

/** Production needs settings a demo can guess: name every missing one and why, all at once. */
export function checkProductionConfig(current: Env = env()): void {
  if (current.mode !== "production") return;
  const missing = [
    current.SESSION_SECRET ? null : MISSING_SECRET,
    current.PUBLIC_URL ? null : MISSING_PUBLIC_URL,
  ].filter((line): line is string => line !== null);
  if (missing.length > 0) throw new ConfigError(missing.join(" "));
}

let cachedSecret: string | undefined;

/** The cookie-signing secret: required in production, generated once and kept beside the database otherwise. */
export function sessionSecret(): string {
  if (cachedSecret) return cachedSecret;
  const fromEnv = env().SESSION_SECRET;
  if (fromEnv) {
    cachedSecret = fromEnv;
    return fromEnv;
  }
  if (appMode() === "production") {
    throw new ConfigError(MISSING_SECRET);
  }
  const file = path.join(path.dirname(databasePath()), "session-secret");
  if (existsSync(file)) {
    cachedSecret = readFileSync(file, "utf8").trim();
  } else {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    cachedSecret = randomBytes(32).toString("hex");
    writeFileSync(file, cachedSecret, { mode: 0o600 });
  }
  return cachedSecret;
}
