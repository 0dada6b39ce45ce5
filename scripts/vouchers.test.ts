import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { auditEvents, voucherBatches } from "~db/schema";
import { createTestPool } from "../test/support/compute";

function run(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/vouchers.ts", ...args], {
    env: process.env,
    encoding: "utf8",
  });
}

describe("npm run vouchers", () => {
  it("issues codes into a CSV, audited as cli", () => {
    const pool = createTestPool();
    const out = path.resolve(`test/.tmp/codes-${process.pid}.csv`);
    const result = run([
      "issue",
      "--pool",
      pool.slug,
      "--count",
      "12",
      "--minutes",
      "30",
      "--expires",
      "2099-03-31",
      "--out",
      out,
    ]);
    expect(result.status, result.stderr).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    rmSync(out);
    expect(lines[0]).toBe("code,minutes,expires_at,pool");
    expect(lines).toHaveLength(13);
    expect(lines[1]).toMatch(
      new RegExp(`^([0-9A-Z]{4}-){5}[0-9A-Z]{4},30,2099-03-31T15:59:59.999Z,${pool.slug}$`),
    );
    const batch = getDb().select().from(voucherBatches).where(eq(voucherBatches.poolId, pool.id)).get();
    expect(batch).toMatchObject({ count: 12, minutesEach: 30, issuedBy: null });
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, String(batch?.id)))
      .all();
    expect(audit.filter((a) => a.action === "vouchers.issue").map((a) => a.actorLabel)).toEqual(["cli"]);
  });

  it("refuses bad numbers and unknown pools without writing", () => {
    const pool = createTestPool();
    const before = getDb().select().from(voucherBatches).all().length;
    for (const count of ["10abc", "-5", "0", "1e3", "10001"]) {
      const result = run([
        "issue",
        "--pool",
        pool.slug,
        "--count",
        count,
        "--minutes",
        "30",
        "--expires",
        "2099-03-31",
        "--out",
        "x.csv",
      ]);
      expect(result.status, count).toBe(2);
    }
    expect(
      run([
        "issue",
        "--pool",
        "nope",
        "--count",
        "1",
        "--minutes",
        "1",
        "--expires",
        "2099-03-31",
        "--out",
        "x.csv",
      ]).status,
    ).toBe(2);
    expect(getDb().select().from(voucherBatches).all()).toHaveLength(before);
  });
});
