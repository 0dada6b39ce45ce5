/**
 * Holds + usage settlements through the signed API, for `npm run bench`.
 * autocannon drives it (its HTTP client costs a fraction of fetch's, and the
 * load generator shares the 2 cores with the server): on each connection a
 * hold, then the usage record that settles it, again and again, each request
 * signed as the center's clients sign. Printed, never asserted. The bench runs
 * it in a process of its own (`benchComputeApiApart`), as it runs autocannon
 * for every other path: a separate load generator, whose pauses are not the
 * bench process's (a heap grown by generating data, importing a roster).
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import type { Db } from "~db/client.server";
import { sign } from "../../scripts/compute-center/client";
import { createFundedAccount, createTestClient } from "../support/compute-client";

export interface ComputeBenchSetup {
  clientId: string;
  secret: string;
  accounts: { handle: string; poolSlug: string }[];
}

/** A client and one well-funded account per connection (made before the server starts). */
export async function prepareComputeBench(db: Db, workers: number): Promise<ComputeBenchSetup> {
  const { clientId, secret } = createTestClient(db, "http://unused", "bench center");
  const accounts = [];
  for (let i = 0; i < workers; i++) {
    const { handle, poolSlug } = await createFundedAccount(db, 100_000_000);
    accounts.push({ handle, poolSlug });
  }
  return { clientId, secret, accounts };
}

interface Job {
  holdId: string;
  jobId: string;
  account: string;
  pool: string;
}

// Across calls too: a second run must place new holds, not replay the first run's (replays write nothing).
let next = 0;

export async function benchComputeApi(baseUrl: string, setup: ComputeBenchSetup, seconds: number) {
  const signed = (path: string, value: object) => {
    const body = JSON.stringify(value);
    const timestamp = String(Math.floor(Date.now() / 1000));
    return {
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Client-Id": setup.clientId,
        "X-Timestamp": timestamp,
        "X-Signature": `v1=${sign(setup.secret, timestamp, "POST", path, body)}`,
      },
    };
  };
  const result = await autocannon({
    url: baseUrl,
    connections: setup.accounts.length,
    duration: seconds,
    requests: [
      {
        method: "POST",
        path: "/api/compute/v1/holds",
        setupRequest: (request, context) => {
          const n = next++;
          const { handle, poolSlug } = setup.accounts[n % setup.accounts.length]!;
          const job: Job = {
            holdId: `bench-${n}-${process.pid}`,
            jobId: `job-${n}`,
            account: handle,
            pool: poolSlug,
          };
          (context as { job?: Job }).job = job;
          return { ...request, ...signed("/api/compute/v1/holds", { ...job, minutes: 5 }) };
        },
      },
      {
        method: "POST",
        path: "/api/compute/v1/usage",
        setupRequest: (request, context) => {
          const job = (context as { job: Job }).job;
          return {
            ...request,
            ...signed("/api/compute/v1/usage", {
              recordId: `usage-${job.holdId}`,
              ...job,
              startedAt: "2026-11-30T08:00:00Z",
              endedAt: "2026-11-30T08:03:00Z",
              minutes: 3,
            }),
          };
        },
      },
    ],
  });
  const failures = result.non2xx + result.errors + result.timeouts;
  return {
    perSecond: (result.requests.total - failures) / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures,
  };
}

/** Warm-up, then the measured run, in a process of its own; its result. */
export function benchComputeApiApart(
  baseUrl: string,
  setup: ComputeBenchSetup,
  warmSeconds: number,
  seconds: number,
): Awaited<ReturnType<typeof benchComputeApi>> {
  const out = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_COMPUTE_LOAD: JSON.stringify({ baseUrl, setup, warmSeconds, seconds }) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").at(-1) ?? "");
}

if (process.env.BENCH_COMPUTE_LOAD && process.argv[1] === fileURLToPath(import.meta.url)) {
  const { baseUrl, setup, warmSeconds, seconds } = JSON.parse(process.env.BENCH_COMPUTE_LOAD);
  await benchComputeApi(baseUrl, setup, warmSeconds);
  process.stdout.write(`${JSON.stringify(await benchComputeApi(baseUrl, setup, seconds))}\n`);
}
