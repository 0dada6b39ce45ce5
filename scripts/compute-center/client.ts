/**
 * A compute center's client for /api/compute/v1, written from
 * docs/api/compute-v1.md alone (it shares no code with the server, so the
 * tests that use it check the server against the document). Used by
 * `npm run compute-center-sim`, the tests and the benchmark.
 */
import { createHmac } from "node:crypto";

export interface ClientOptions {
  baseUrl: string;
  clientId: string;
  /** Every secret is used to sign (one `v1=` value each): what a center does while a rotation overlaps. */
  secrets: string[];
  /** Unix seconds; tests move the clock to check the window. */
  now?: () => number;
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  /** The body exactly as sent: idempotent retries are compared on it. */
  text: string;
  json: T & {
    error?: {
      code: string;
      message: string;
      shortfallMinutes?: number;
      holdStatus?: string;
      serverTime?: number;
    };
  };
}

export interface HoldInput {
  holdId: string;
  account: string;
  pool: string;
  minutes: number;
  jobId: string;
}

export interface UsageInput {
  recordId: string;
  holdId: string;
  account: string;
  pool: string;
  jobId: string;
  startedAt: string;
  endedAt: string;
  minutes: number;
}

export interface RequestOverrides {
  /** Sent instead of the serialised body (and signed, unless `signature` is given). */
  rawBody?: string;
  timestamp?: string;
  signature?: string | null;
  clientId?: string | null;
  headers?: Record<string, string>;
}

export function sign(secret: string, timestamp: string, method: string, path: string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${method}.${path}.${body}`).digest("hex");
}

export class ComputeCenterClient {
  constructor(readonly options: ClientOptions) {}

  async send<T = Record<string, unknown>>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    overrides: RequestOverrides = {},
  ): Promise<ApiAnswer<T>> {
    const raw = overrides.rawBody ?? (body === undefined ? "" : JSON.stringify(body));
    const timestamp = overrides.timestamp ?? String(Math.floor(this.options.now?.() ?? Date.now() / 1000));
    const signature =
      overrides.signature !== undefined
        ? overrides.signature
        : this.options.secrets.map((s) => `v1=${sign(s, timestamp, method, path, raw)}`).join(" ");
    const headers: Record<string, string> = { "X-Timestamp": timestamp, ...overrides.headers };
    const clientId = overrides.clientId !== undefined ? overrides.clientId : this.options.clientId;
    if (clientId !== null) headers["X-Client-Id"] = clientId;
    if (signature !== null) headers["X-Signature"] = signature;
    if (method === "POST") headers["Content-Type"] ??= "application/json";
    const response = await fetch(new URL(path, this.options.baseUrl), {
      method,
      headers,
      body: method === "POST" ? raw : undefined,
      redirect: "manual",
    });
    const text = await response.text();
    let json: ApiAnswer<T>["json"];
    try {
      json = JSON.parse(text);
    } catch {
      json = { error: { code: "not_json", message: text.slice(0, 200) } } as ApiAnswer<T>["json"];
    }
    return { status: response.status, text, json };
  }

  balance(account: string) {
    return this.send<{
      account: string;
      pools: { pool: string; balanceMinutes: number; heldMinutes: number }[];
    }>("GET", `/api/compute/v1/accounts/${encodeURIComponent(account)}`);
  }

  placeHold(input: HoldInput, overrides?: RequestOverrides) {
    return this.send<{ holdId: string; heldMinutes: number; balanceMinutes: number; expiresAt: string }>(
      "POST",
      "/api/compute/v1/holds",
      input,
      overrides,
    );
  }

  recordUsage(input: UsageInput, overrides?: RequestOverrides) {
    return this.send<{
      recordId: string;
      debitedMinutes: number;
      releasedMinutes: number;
      balanceMinutes: number;
    }>("POST", "/api/compute/v1/usage", input, overrides);
  }

  releaseHold(holdId: string, overrides?: RequestOverrides) {
    return this.send<{ holdId: string; releasedMinutes: number; balanceMinutes: number }>(
      "POST",
      `/api/compute/v1/holds/${encodeURIComponent(holdId)}/release`,
      {},
      overrides,
    );
  }
}
