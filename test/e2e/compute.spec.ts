import { readFileSync } from "node:fs";
import { expect, expectAccessible, hydrated, origin, signInAs, test, watchConsole } from "./fixtures";
import { beijingMonth, createCenterClient, runScript } from "./scripts";

const byValue = (a: number, b: number) => a - b;

test.describe("compute vouchers", () => {
  test("an admin creates a pool and issues codes; a student redeems two; the center runs jobs on them; the student and the report see them", async ({
    page,
    browser,
  }) => {
    test.setTimeout(90_000);
    const problems = watchConsole(page);
    const admin = await signInAs(page, "admin", { locale: "en" });
    const slug = `e2e-${Date.now().toString(36)}`;

    await page.goto("/admin/compute/pools");
    await hydrated(page);
    await page.getByLabel("Slug").fill(slug);
    await page.getByLabel("Capacity (minutes per month)").fill("100000");
    await page.getByLabel("Name (Chinese)").fill("端到端测试池");
    await page.getByLabel("Name (English)").fill("E2E pool");
    await page.getByLabel("Hardware (Chinese)").fill("测试硬件");
    await page.getByLabel("Hardware (English)").fill("Test hardware");
    await page.getByLabel("Overcommit (%)").fill("100");
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByText("Created pool E2E pool.")).toBeVisible();
    await expectAccessible(page);

    await page.goto("/admin/compute/batches");
    await hydrated(page);
    await page.getByLabel("Pool", { exact: true }).selectOption({ label: `${slug} · E2E pool` });
    await page.getByLabel("Count").fill("3");
    await page.getByLabel("Minutes per code").fill("90");
    await page.getByLabel("Expires on").fill("2099-06-30");
    await page.getByLabel("Purpose").fill("E2E lab");
    await page.getByRole("button", { name: "Issue", exact: true }).click();
    await expect(page.getByText("Issued 3 codes.")).toBeVisible();
    await expect(page.locator("[data-voucher-code]")).toHaveCount(3);
    await expect(page.locator("svg[role=img]")).toHaveCount(3);
    await expectAccessible(page);

    const downloading = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download CSV" }).click();
    const csv = readFileSync((await (await downloading).path()) ?? "", "utf8")
      .trim()
      .split("\n");
    expect(csv[0]).toBe("code,minutes,expires_at,pool");
    expect(csv).toHaveLength(4);
    const [code, minutes, , pool] = (csv[1] ?? "").split(",");
    expect([minutes, pool]).toEqual(["90", slug]);

    const context = await browser.newContext();
    const student = await context.newPage();
    const studentProblems = watchConsole(student);
    await signInAs(student, "student", { locale: "en" });
    await student.goto("/compute");
    await hydrated(student);
    await expect(student.locator("[data-account-handle]")).toHaveText(/^u-[0-9a-z]{16}$/);
    // Typed the sloppy way: lower case, spaces instead of dashes.
    await student.getByLabel("Voucher code").fill((code ?? "").toLowerCase().replace(/-/g, " "));
    await student.getByRole("button", { name: "Redeem" }).click();
    await expect(student.getByText("Redeemed: 90 minutes added to E2E pool")).toBeVisible();
    await expect(student.locator("[data-balance-minutes='90']")).toContainText("1 h 30 min");
    await expect(student.locator("tr[data-ledger-kind=redeem]")).toContainText("Voucher code redeemed");
    await expect(student.locator("tr[data-ledger-kind=redeem]")).toContainText("+90");
    await expect(student.getByLabel("Voucher code")).toHaveValue("");
    // A second code right after the first: the form is empty again after each success, not only the first.
    await student.getByLabel("Voucher code").fill(csv[2]?.split(",")[0] ?? "");
    await student.getByRole("button", { name: "Redeem" }).click();
    await expect(student.locator("[data-balance-minutes='180']")).toContainText("3 h 0 min");
    await expect(student.getByLabel("Voucher code")).toHaveValue("");

    await student.getByLabel("Voucher code").fill(code ?? "");
    await student.getByRole("button", { name: "Redeem" }).click();
    await expect(student.getByText("You have already redeemed this code")).toBeVisible();

    // The center's side: a client made by the operator's CLI, jobs run by the simulator on the student's handle.
    const handle = (await student.locator("[data-account-handle]").getAttribute("data-account-handle")) ?? "";
    const { clientId, secret } = await createCenterClient(`E2E center ${slug}`);
    const sim = await runScript(
      "scripts/compute-center-sim.ts",
      ["--account", handle, "--pool", slug, "--jobs", "3", "--minutes", "20"],
      { COMPUTE_BASE_URL: origin, COMPUTE_CLIENT_ID: clientId, COMPUTE_CLIENT_SECRET: secret },
    );
    // Job 3's usage record is sent twice; each job holds, then settles.
    expect(sim).toContain("the same usage record sent again → the first answer, debited once");
    const used = [...sim.matchAll(/^job \d+: used (\d+) min → 201 /gm)].map((m) => Number(m[1]));
    expect(used, sim).toHaveLength(3);
    const total = used.reduce((a, b) => a + b, 0);
    const left = 180 - total;

    await student.reload();
    await hydrated(student);
    await expect(student.locator(`[data-pool='${slug}'] [data-balance-minutes]`)).toHaveAttribute(
      "data-balance-minutes",
      String(left),
    );
    await expect(student.locator(`[data-pool='${slug}'] [data-balance-minutes]`)).toHaveText(
      `${Math.floor(left / 60)} h ${left % 60} min`,
    );
    const usage = student.locator("tr[data-ledger-kind=usage]");
    await expect(usage).toHaveCount(3);
    await expect(usage.first()).toContainText("Job run time");
    expect((await usage.locator("td:last-child").allTextContents()).map(Number).sort(byValue)).toEqual(
      used.map((m) => -m).sort(byValue),
    );
    // Each job's hold came back when it settled: holds and releases pair up, nothing is left held.
    await expect(student.locator("tr[data-ledger-kind=hold]")).toHaveCount(3);
    await expect(student.locator("tr[data-ledger-kind=release]")).toHaveCount(3);
    await expectAccessible(student);
    await student.setViewportSize({ width: 360, height: 800 });
    await expectAccessible(student);

    // The admin's report counts the same minutes, in the table and in the chart.
    await page.goto("/admin/compute");
    await hydrated(page);
    const report = page.locator(`[data-report-pool='${slug}']`);
    await expect(report.getByRole("heading", { name: /E2E pool/ })).toBeVisible();
    const month = beijingMonth();
    await expect(report.getByRole("row").filter({ hasText: month })).toHaveText([
      new RegExp(`^${month}\\s*100,000\\s*270\\s*180\\s*${total}$`),
    ]);
    const bars = report.locator(`svg[role=img] g[data-month='${month}']`);
    for (const [series, minutes] of [
      ["issued", 270],
      ["redeemed", 180],
      ["used", total],
    ] as const) {
      await expect(bars.locator(`rect[data-series=${series}]`)).toHaveAttribute(
        "data-minutes",
        String(minutes),
      );
      expect(
        Number(await bars.locator(`rect[data-series=${series}]`).getAttribute("height")),
      ).toBeGreaterThan(0);
    }
    // Two of the batch's three codes were redeemed.
    await expect(
      page
        .getByRole("region", { name: "Voucher batches and redemption rates" })
        .getByRole("row")
        .filter({ hasText: slug }),
    ).toContainText("2 / 3 (67%)");
    await expectAccessible(page);
    await page.setViewportSize({ width: 360, height: 800 });
    await expect(report.getByRole("row").filter({ hasText: month })).toBeVisible();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);

    // The admin's writes are in the audit log, in words.
    await page.goto(`/admin/audit?actor=${encodeURIComponent(admin.email)}`);
    await expect(page.getByRole("row").filter({ hasText: "Created a compute pool" })).toContainText(slug);
    await expect(page.getByRole("row").filter({ hasText: "Issued a batch of voucher codes" })).toContainText(
      "Minutes per code",
    );
    await expect(page.getByRole("main")).not.toContainText("vouchers.issue");
    await expect(page.getByRole("main")).not.toContainText("capacityMinutesPerMonth");

    const reportCsv = await (await page.request.get("/admin/compute/report.csv")).text();
    expect(reportCsv).toContain(`pool,${slug},${month},100000,270,180,${total}\n`);
    expect([...problems, ...studentProblems].filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
    await context.close();
  });
});
