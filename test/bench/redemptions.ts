import autocannon from "autocannon";
import type { Db } from "~db/client.server";
import { createPool } from "~/models/pools.server";
import { issueBatch } from "~/models/vouchers.server";

/**
 * Redemptions per second of distinct codes through the real server (one
 * student, `connections` at a time, driven by autocannon), then the ledger's
 * own count: every accepted redemption credited once, none twice.
 */
const WARM_UP = 2_000;

export async function redemptionBench(
  db: Db,
  baseUrl: string,
  cookie: string,
  count = 5000,
  connections = 50,
) {
  const pool = createPool(
    db,
    { id: null, label: "bench" },
    {
      slug: `bench-${Date.now().toString(36)}`,
      nameZh: "基准测试池",
      nameEn: "Bench pool",
      hardwareZh: "无",
      hardwareEn: "none",
      capacityMinutesPerMonth: 1_000_000_000,
      overcommitPercent: 100,
    },
  );
  const issued = issueBatch(
    db,
    { id: null, label: "bench" },
    {
      poolId: pool.id,
      count: count + WARM_UP,
      minutesEach: 1,
      expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
      purpose: "bench",
      cohortId: null,
    },
  );
  if (!issued.ok) throw new Error(`bench batch refused: ${issued.reason}`);
  const codes = [...issued.codes];
  // What the /compute page's script sends (the page's own action serves forms without script).
  const redeem = async (amount: number) => {
    let ok = 0;
    // autocannon reports its duration at its next one-second tick, so a run of a few seconds would
    // be counted up to a second too long: time it from the start to the last answer instead.
    const started = performance.now();
    let lastAnswer = started;
    await autocannon({
      url: `${baseUrl}/compute/redeem`,
      connections,
      amount,
      requests: [
        {
          method: "POST",
          headers: { Cookie: cookie, Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
          setupRequest: (request) => ({
            ...request,
            body: new URLSearchParams({ code: codes.pop() ?? "" }).toString(),
          }),
          onResponse: (status) => {
            if (status === 200) ok += 1;
            lastAnswer = performance.now();
          },
        },
      ],
    });
    return { ok, seconds: (lastAnswer - started) / 1000 };
  };
  // The first redemptions of a fresh server compile its code: warm up on codes of their own, then measure.
  const warm = await redeem(WARM_UP);
  const { ok, seconds } = await redeem(count);
  const ledger = db.$client
    .prepare(
      `SELECT COUNT(*) AS credits, COUNT(DISTINCT reference) AS distinct_refs
         FROM ledger_entries e JOIN compute_accounts a ON a.id = e.account_id
        WHERE a.pool_id = ? AND e.kind = 'redeem'`,
    )
    .get(pool.id) as { credits: number; distinct_refs: number };
  return {
    perSecond: ok / seconds,
    ok,
    count,
    duplicates: ledger.credits - ledger.distinct_refs,
    // Every code accepted, warm-up included, credited exactly once.
    credits: ledger.credits,
    accepted: ok + warm.ok,
  };
}
