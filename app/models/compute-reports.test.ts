import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { createTestCohort } from "../../test/support/cohorts";
import { createTestPool } from "../../test/support/compute";
import { createTestUser } from "../../test/support/factories";
import { poolReport, reportCsv } from "./compute-reports.server";
import { joinCohort } from "./enrolment.server";
import { ensureAccount, spend } from "./ledger.server";
import { issueBatch, redeemCode } from "./vouchers.server";

describe("compute reports", () => {
  it("count issued, redeemed and used minutes in this month, and export them as safe CSV", async () => {
    const db = getDb();
    const pool = createTestPool({ capacityMinutesPerMonth: 50_000 });
    const student = await createTestUser();
    const cohort = createTestCohort({ name: '=HYPERLINK("http://evil")' });
    joinCohort(db, student.id, cohort.joinCode);
    const issued = issueBatch(
      db,
      { id: null, label: "t" },
      {
        poolId: pool.id,
        count: 4,
        minutesEach: 100,
        expiresAt: new Date(Date.now() + 40 * 24 * 60 * 60 * 1000),
        purpose: "report",
        cohortId: null,
      },
    );
    if (!issued.ok) throw new Error(issued.reason);
    redeemCode(db, student.id, issued.codes[0] ?? "");
    const account = ensureAccount(db, student.id, pool.id);
    spend(db, {
      accountId: account.id,
      minutes: 35,
      kind: "usage",
      reference: "usage:t",
      idempotencyKey: `report-use-${pool.id}`,
    });

    const mine = poolReport(db).find((r) => r.pool.id === pool.id);
    const thisMonth = mine?.months.at(-1);
    expect(thisMonth).toMatchObject({ capacity: 50_000, issued: 400, redeemed: 100, used: 35 });
    expect(mine?.months).toHaveLength(6);

    const csv = reportCsv(db);
    expect(csv.startsWith("\uFEFFsection,pool_or_group,month,capacity,issued,redeemed,used\n")).toBe(true);
    expect(csv).toContain(`pool,${pool.slug},${thisMonth?.month},50000,400,100,35`);
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});
