import { env } from "./env.server";

type Level = "debug" | "info" | "warn" | "error";

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  try {
    return ORDER[env().LOG_LEVEL];
  } catch {
    // A malformed LOG_LEVEL is reported at start-up; logging itself must never throw.
    return ORDER.info;
  }
}

// Paths whose last segment is a credential: a live reset link in a log is a takeover.
const SECRET_PATH = /(\/(?:reset|join)\/)[^/?#"\s\\]+/g;
// Query values that carry credentials, whatever the path.
const SECRET_PARAM =
  /([?&](?:[\w.-]*(?:token|code|secret|password|passwd|key|signature|session)[\w.-]*)=)[^&#"\s\\]*/gi;

/** The line with every credential-shaped part replaced: reset tokens, join codes, secret query values. */
export function redactSecrets(text: string): string {
  return text.replace(SECRET_PATH, "$1[redacted]").replace(SECRET_PARAM, "$1[redacted]");
}

/** Writes one JSON line whatever LOG_LEVEL says (the access log has its own switch). */
export function writeLog(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = redactSecrets(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(`${line}\n`);
}

/** One JSON object per line: what log collectors and `jq` read. */
export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < threshold()) return;
  writeLog(level, msg, fields);
}

export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: error.message, stack: error.stack, name: error.name };
  // Remix's own refusals (a `_data` for a route that does not exist, a method not allowed) are plain objects.
  const response = error as {
    status?: unknown;
    statusText?: unknown;
    data?: unknown;
    error?: unknown;
  } | null;
  if (typeof response?.status === "number" && typeof response.statusText === "string") {
    const inner = response.error;
    return {
      error: inner instanceof Error ? inner.message : `${response.status} ${response.statusText}`,
      status: response.status,
      ...(typeof response.data === "string" && response.data ? { detail: response.data.slice(0, 500) } : {}),
    };
  }
  try {
    return { error: typeof error === "string" ? error : JSON.stringify(error) };
  } catch {
    return { error: String(error) };
  }
}
