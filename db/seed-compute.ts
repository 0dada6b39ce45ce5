import { createPool } from "../app/models/pools.server";
import { issueBatch, redeemCode } from "../app/models/vouchers.server";
import type { Db } from "./client.server";

const seedActor = { id: null, label: "demo seed" };
const DAY_MS = 24 * 60 * 60 * 1000;

/** The two pools the lessons name (slugs are what lab blocks refer to). */
export const DEMO_POOLS = [
  {
    slug: "ascend-910b",
    nameZh: "昇腾 910B 训练池",
    nameEn: "Ascend 910B training pool",
    hardwareZh: "华为昇腾 910B NPU，每个任务 1 卡，64 GB 显存",
    hardwareEn: "Huawei Ascend 910B NPU, one card per job, 64 GB memory",
    capacityMinutesPerMonth: 2_000_000,
    overcommitPercent: 150,
    // The demo student's minutes here last the term.
    demoMinutes: 600,
    demoDays: 90,
  },
  {
    slug: "cpu-notebook",
    nameZh: "CPU 笔记本池",
    nameEn: "CPU notebook pool",
    hardwareZh: "8 核 CPU、32 GB 内存的 Jupyter 笔记本",
    hardwareEn: "Jupyter notebooks on 8 CPU cores with 32 GB memory",
    capacityMinutesPerMonth: 5_000_000,
    overcommitPercent: 200,
    // Expiring within the fortnight, so the dashboard's warning shows.
    demoMinutes: 300,
    demoDays: 10,
  },
] as const;

/**
 * Pools, and a balance in each for the demo student made the real way: a
 * one-code batch issued and redeemed, so ledger, lots and reports agree.
 */
export function seedDemoCompute(db: Db, studentId: number, now = Date.now()) {
  for (const { demoMinutes, demoDays, ...input } of DEMO_POOLS) {
    const pool = createPool(db, seedActor, input);
    const issued = issueBatch(
      db,
      seedActor,
      {
        poolId: pool.id,
        count: 1,
        minutesEach: demoMinutes,
        expiresAt: new Date(now + demoDays * DAY_MS),
        purpose: "演示 Demo",
        cohortId: null,
      },
      now,
    );
    if (issued.ok && issued.codes[0]) redeemCode(db, studentId, issued.codes[0], now);
  }
}
