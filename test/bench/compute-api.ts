/**
 * Holds + usage settlements through the signed API, for `npm run bench`.
 * autocannon cannot sign each request, so this is a small load generator of
 * its own: CONNECTIONS workers, each placing a hold and settling it, again and
 * again, through the same client the tests use. Printed, never asserted.
 */
import { performance } from "node:perf_hooks";
import type { Db } from "~db/client.server";
import { ComputeCenterClient, createFundedAccount, createTestClient } from "../support/compute-client";

export interface ComputeBenchSetup {
  clientId: string;
  secret: string;
  accounts: { handle: string; poolSlug: string }[];
}

/** A client and one well-funded account per worker (made before the server starts). */
export async function prepareComputeBench(db: Db, workers: number): Promise<ComputeBenchSetup> {
  const { clientId, secret } = createTestClient(db, "http://unused", "bench center");
  const accounts = [];
  for (let i = 0; i < workers; i++) {
    const { handle, poolSlug } = await createFundedAccount(db, 100_000_000);
    accounts.push({ handle, poolSlug });
  }
  return { clientId, secret, accounts };
}

export async function benchComputeApi(baseUrl: string, setup: ComputeBenchSetup, seconds: number) {
  const client = new ComputeCenterClient({ baseUrl, clientId: setup.clientId, secrets: [setup.secret] });
  const latencies: number[] = [];
  let failures = 0;
  let operations = 0;
  const deadline = performance.now() + seconds * 1000;
  const timed = async <T extends { status: number }>(run: () => Promise<T>, ok: number) => {
    const t0 = performance.now();
    const answer = await run();
    latencies.push(performance.now() - t0);
    if (answer.status === ok) operations++;
    else failures++;
    return answer;
  };
  await Promise.all(
    setup.accounts.map(async ({ handle, poolSlug }, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const holdId = `bench-${w}-${i}-${process.pid}`;
        const hold = { holdId, account: handle, pool: poolSlug, minutes: 5, jobId: `job-${w}-${i}` };
        const held = await timed(() => client.placeHold(hold), 201);
        if (held.status !== 201) continue;
        await timed(
          () =>
            client.recordUsage({
              recordId: `usage-${holdId}`,
              holdId,
              account: handle,
              pool: poolSlug,
              jobId: hold.jobId,
              startedAt: "2026-11-30T08:00:00Z",
              endedAt: "2026-11-30T08:03:00Z",
              minutes: 3,
            }),
          201,
        );
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { perSecond: operations / seconds, p50: at(0.5), p99: at(0.99), failures };
}
