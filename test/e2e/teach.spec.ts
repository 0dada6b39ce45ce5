import { readFileSync } from "node:fs";
import {
  cohortTaughtBy,
  createUniversity,
  createUser,
  expect,
  expectAccessible,
  hydrated,
  signInAs,
  test,
  watchConsole,
} from "./fixtures";

const HOSTILE = "<img src=x onerror=alert(1)>";

test("a teacher creates a cohort, imports a roster with a bad row, hands out activation links and projects the join QR", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const university = await createUniversity();
  const teacher = await createUser({ role: "teacher", universityId: university.id });
  await signInAs(page, teacher);

  await page.goto("/teach");
  await hydrated(page);
  await page.getByRole("link", { name: "新建教学班" }).click();
  await hydrated(page);
  await page.getByLabel("教学班名称").fill("人工智能导论 E2E 班");
  await page.getByLabel("学期", { exact: true }).fill("2026 秋季");
  await page.getByLabel("开始日期").fill("2026-09-01");
  await page.getByLabel("结束日期").fill("2099-01-15");
  await expectAccessible(page);
  await page.getByRole("button", { name: "创建教学班" }).click();
  await expect(page.getByRole("heading", { name: /学生名单：人工智能导论 E2E 班/ })).toBeVisible();
  const cohortPath = new URL(page.url()).pathname;

  await page.getByRole("link", { name: "批量导入学生" }).click();
  await hydrated(page);
  const id = Date.now().toString(36);
  const csv = [
    "学号,姓名,邮箱",
    `E${id}1,王小明,wang-${id}@e2e.example.edu`,
    `E${id}2,${HOSTILE},hostile-${id}@e2e.example.edu`,
    `E${id}3,坏邮箱,not-an-email`,
  ].join("\r\n");
  await page
    .getByLabel("CSV 文件")
    .setInputFiles({ name: "名单.csv", mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${csv}`) });
  await page.getByRole("button", { name: "预览" }).click();
  await expect(page.getByTestId("import-summary")).toHaveText(
    "共 3 行：新建账号 2 个，已有账号加入本班 0 个，已在本班 0 个，错误 1 行。",
  );
  await expect(page.getByRole("row", { name: /4 .*坏邮箱.*错误：邮箱格式不正确/ })).toBeVisible();
  await expect(page.getByRole("cell", { name: HOSTILE, exact: true })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole("button", { name: "确认导入" }).click();
  await expect(
    page.getByText("导入完成：新建账号 2 个，已有账号加入本班 0 个，跳过错误行 1 行。"),
  ).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "下载激活链接（CSV）" }).click(),
  ]);
  const links = readFileSync((await download.path()) ?? "");
  expect([...links.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(links.toString("utf8").match(/\/reset\/[A-Za-z0-9_-]{43}/g)).toHaveLength(2);

  await page.goto(cohortPath);
  await hydrated(page);
  await expect(page.getByRole("cell", { name: HOSTILE, exact: true })).toBeVisible();
  await page.getByRole("link", { name: "加入二维码" }).click();
  await expect(page.getByTestId("join-qr").locator("svg")).toBeVisible();
  await expect(page.getByTestId("join-url")).toContainText("/join/");
  await expectAccessible(page);

  const stranger = await browser.newPage();
  await signInAs(stranger, "teacher");
  for (const path of [cohortPath, `${cohortPath}/import`, `${cohortPath}/qr`, `${cohortPath}/settings`]) {
    const response = await stranger.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  await stranger.close();
  expect(dialogs).toEqual([]);
  expect(problems).toEqual([]);
});

test("the workspace pages fit a 360 px phone and pass axe, for an admin on the demo cohort", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await signInAs(page, "admin");
  for (const path of [
    "/teach",
    "/teach/new",
    "/teach/1",
    "/teach/1/settings",
    "/teach/1/qr",
    "/teach/1/import",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await hydrated(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  }
  expect(problems).toEqual([]);
});

test("a teacher removes a student after confirming once, and restores them", async ({ page }) => {
  const problems = watchConsole(page);
  const university = await createUniversity();
  const teacher = await createUser({ role: "teacher", universityId: university.id });
  const student = await createUser({ name: "陈同学" });
  const cohort = await cohortTaughtBy(teacher.id, university.id, student.id);
  await signInAs(page, teacher);
  await page.goto(`/teach/${cohort}`);
  await hydrated(page);
  const confirmations: string[] = [];
  page.once("dialog", async (dialog) => {
    confirmations.push(dialog.message());
    await dialog.accept();
  });
  await page.getByRole("button", { name: "将 陈同学 移出教学班" }).click();
  await expect(page.getByText("已将 陈同学 移出教学班。")).toBeVisible();
  expect(confirmations).toEqual([
    "确定将 陈同学 移出本教学班吗？其学习记录会保留，但将无法再学习本课程的课。",
  ]);
  await expect(page.getByRole("row", { name: /陈同学.*已移出/ })).toBeVisible();
  await page.getByRole("button", { name: "将 陈同学 移回教学班" }).click();
  await expect(page.getByText("已将 陈同学 移回教学班。")).toBeVisible();
  await expect(page.getByRole("row", { name: /陈同学.*在读/ })).toBeVisible();
  expect(problems).toEqual([]);
});
