import autocannon from "autocannon";
import type { Db } from "~db/client.server";
import { createPool } from "~/models/pools.server";
import { issueBatch } from "~/models/vouchers.server";

/**
 * Redemptions per second of distinct codes through the real server (one
 * student, `connections` at a time, driven by autocannon), then the ledger's
 * own count: every accepted redemption credited once, none twice.
 */
export async function redemptionBench(
  db: Db,
  baseUrl: string,
  cookie: string,
  count = 3000,
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
      count,
      minutesEach: 1,
      expiresAt: new Date(Date.now() + 30 * 24 * 60 * 60 * 1000),
      purpose: "bench",
      cohortId: null,
    },
  );
  if (!issued.ok) throw new Error(`bench batch refused: ${issued.reason}`);
  const codes = [...issued.codes];
  let ok = 0;
  // What the /compute page's script sends (the page's own action serves forms without script).
  const result = await autocannon({
    url: `${baseUrl}/compute/redeem`,
    connections,
    amount: count,
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
        },
      },
    ],
  });
  const seconds = result.duration;
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
    credits: ledger.credits,
  };
}
