import { readFileSync } from "node:fs";
import { expect, expectAccessible, hydrated, signInAs, test, watchConsole } from "./fixtures";

test.describe("compute vouchers", () => {
  test("an admin creates a pool and issues codes; a student redeems one and sees it", async ({
    page,
    browser,
  }) => {
    test.setTimeout(90_000);
    const problems = watchConsole(page);
    await signInAs(page, "admin", { locale: "en" });
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

    await student.getByLabel("Voucher code").fill(code ?? "");
    await student.getByRole("button", { name: "Redeem" }).click();
    await expect(student.getByText("You have already redeemed this code")).toBeVisible();
    await expectAccessible(student);
    await student.setViewportSize({ width: 360, height: 800 });
    await expectAccessible(student);
    expect([...problems, ...studentProblems].filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
    await context.close();
  });
});
