import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { setPoolStatus } from "~/models/pools.server";
import { computeAccounts, computePools, ledgerEntries, voucherBatches, vouchers } from "~db/schema";
import { ledgerProblems } from "../test/support/compute";
import { createTestUser } from "../test/support/factories";
import { ownDatabase } from "../test/support/own-database";
import { generateCompute } from "./generate-compute";

/** The generator's compute part on a database of its own (it fills the demo pools). */
const ownDb = ownDatabase("generate-compute");

const generatedBatches = () =>
  ownDb().select().from(voucherBatches).where(eq(voucherBatches.purpose, "生成数据 Generated")).all();

describe("generateCompute", () => {
  it("issues the vouchers in batches across both pools and redeems three in ten, each credited once", async () => {
    const db = ownDb();
    const students = await Promise.all(
      Array.from({ length: 7 }, () => createTestUser({ role: "student" }, db)),
    );
    const poolsBefore = db.select().from(computePools).all().length;
    const totals = await generateCompute(db, {
      vouchers: 2_500,
      studentIds: students.map((s) => s.id),
      cohortIds: [],
    });
    expect(totals).toEqual({ batches: 3, vouchers: 2_500, redeemed: 750, skippedPools: [] });
    // The demo pools are used where they exist, made where they do not.
    const pools = db.select().from(computePools).all();
    expect(pools.length - poolsBefore).toBeLessThanOrEqual(2);
    const batches = generatedBatches();
    expect(batches.map((b) => b.count).sort()).toEqual([1_000, 1_000, 500]);
    expect(new Set(batches.map((b) => b.poolId)).size).toBe(2);

    const codes = db
      .select({ status: vouchers.status, n: sql<number>`count(*)` })
      .from(vouchers)
      .where(
        inArray(
          vouchers.batchId,
          batches.map((b) => b.id),
        ),
      )
      .groupBy(vouchers.status)
      .all();
    expect(Object.fromEntries(codes.map((c) => [c.status, c.n]))).toEqual({ issued: 1_750, redeemed: 750 });
    // Every redeemed code is one credit, never two, and every account's ledger adds up.
    const credits = db
      .select({ n: sql<number>`count(*)`, distinct: sql<number>`count(distinct ${ledgerEntries.reference})` })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.kind, "redeem"))
      .get();
    expect(credits?.n).toBe(credits?.distinct);
    const accounts = db
      .select({ id: computeAccounts.id })
      .from(computeAccounts)
      .where(
        inArray(
          computeAccounts.userId,
          students.map((s) => s.id),
        ),
      )
      .all();
    expect(accounts.length).toBe(14);
    for (const account of accounts) expect(ledgerProblems(db, account.id)).toEqual([]);
  });

  it("skips a retired pool and puts every voucher in the other", async () => {
    const db = ownDb();
    const cpu = db.select().from(computePools).where(eq(computePools.slug, "cpu-notebook")).get()!;
    setPoolStatus(db, { id: null, label: "test" }, cpu.id, "retired");
    const before = generatedBatches();
    const totals = await generateCompute(db, { vouchers: 1_500, studentIds: [], cohortIds: [] });
    expect(totals).toEqual({ batches: 2, vouchers: 1_500, redeemed: 0, skippedPools: ["cpu-notebook"] });
    const added = generatedBatches().slice(before.length);
    expect(added.map((b) => b.count)).toEqual([1_000, 500]);
    expect(added.every((b) => b.poolId !== cpu.id)).toBe(true);
  });
});
