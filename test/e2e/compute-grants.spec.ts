import {
  createUser,
  demoUser,
  expect,
  expectAccessible,
  hydrated,
  signInAs,
  test,
  watchConsole,
} from "./fixtures";

/** A day about four months ahead, as a date input takes it: far from any expiry warning. */
function dayAhead(days: number) {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

test("a teacher requests minutes for the cohort; the admin declines one and approves one; the students and the audit log see it", async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const tag = `E2E${Date.now().toString(36)}`;
  const wanted = `${tag} 第三周模型训练实验，每人需要昇腾算力`;
  const extra = `${tag} 希望多做几次课后练习`;
  const because = `${tag} 本学期 CPU 额度已分配完毕，请改用已有余额`;

  // The demo student's balance in the Ascend pool now: the grant adds to whatever other tests left.
  const studentContext = await browser.newContext();
  const student = await studentContext.newPage();
  const studentProblems = watchConsole(student);
  await signInAs(student, await demoUser("student"));
  await student.goto("/compute");
  const ascend = student.locator("[data-pool='ascend-910b'] [data-balance-minutes]");
  const before = Number(await ascend.getAttribute("data-balance-minutes"));

  // The demo teacher asks twice, from the cohort's own compute tab.
  const teacherContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  const teacherProblems = watchConsole(teacher);
  await signInAs(teacher, await demoUser("teacher"));
  await teacher.goto("/teach");
  await hydrated(teacher);
  await teacher.getByRole("link", { name: /学生名单：.*演示班/ }).click();
  await teacher.getByRole("navigation", { name: "教学班页面" }).getByRole("link", { name: "算力" }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "申请算力分钟" })).toBeVisible();
  await hydrated(teacher);
  for (const [pool, minutes, reason] of [
    ["昇腾 910B 训练池", "37", wanted],
    ["CPU 笔记本池", "500", extra],
  ] as const) {
    await teacher.getByLabel("算力池").selectOption({ label: pool });
    await teacher.getByLabel("每位学生的分钟数").fill(minutes);
    await teacher.getByLabel("申请理由").fill(reason);
    await teacher.getByRole("button", { name: "提交申请" }).click();
    await expect(teacher.getByText("申请已提交，管理员处理后会在这里显示结果。")).toBeVisible();
    await expect(teacher.getByRole("row").filter({ hasText: reason })).toHaveAttribute(
      "data-request-status",
      "pending",
    );
  }
  await expect(teacher.getByLabel("申请理由")).toHaveValue("");

  // The admin declines the second with a reason and approves the first.
  const admin = await signInAs(page, await createUser({ role: "admin" }));
  const adminProblems = watchConsole(page);
  await page.goto("/admin/compute/grants");
  await hydrated(page);
  const declined = page.getByRole("row").filter({ hasText: extra });
  const approved = page.getByRole("row").filter({ hasText: wanted });
  await expect(approved).toContainText("teacher@example.edu");
  const declinedId = (await declined.getByRole("cell").first().textContent()) ?? "";
  const approvedId = (await approved.getByRole("cell").first().textContent()) ?? "";
  await expectAccessible(page);

  await declined.getByLabel("拒绝理由").fill(because);
  page.once("dialog", (dialog) => dialog.accept());
  await declined.getByRole("button", { name: "拒绝" }).click();
  await expect(page.getByText(`已拒绝申请 #${declinedId}。`)).toBeVisible();
  await expect(declined).toHaveCount(0);

  await approved.getByLabel("有效期至").fill(dayAhead(120));
  await approved.getByRole("button", { name: "批准并发放" }).click();
  await expect(page.getByText(`已批准申请 #${approvedId}，分钟已发放。`)).toBeVisible();
  await expect(approved).toHaveCount(0);

  // The teacher sees both outcomes, the decline with its reason.
  await teacher.reload();
  await hydrated(teacher);
  const outcome = (reason: string) => teacher.getByRole("row").filter({ hasText: reason });
  await expect(outcome(wanted)).toHaveAttribute("data-request-status", "approved");
  await expect(outcome(wanted)).toContainText("已批准");
  await expect(outcome(extra)).toHaveAttribute("data-request-status", "declined");
  await expect(outcome(extra)).toContainText(`已拒绝${because}`);
  await expectAccessible(teacher);
  await teacher.setViewportSize({ width: 360, height: 800 });
  expect(
    await teacher.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);
  await expectAccessible(teacher);

  // The cohort's enrolled student has the granted minutes.
  await student.reload();
  await expect(ascend).toHaveAttribute("data-balance-minutes", String(before + 37));
  const grant = student.locator("tr[data-ledger-kind=grant]").filter({ hasText: "+37" });
  await expect(grant).toHaveCount(1);
  await expect(grant).toContainText("昇腾 910B 训练池");
  await expect(grant).toContainText("教学班发放");

  // Each step is in the audit log, in words.
  await page.goto("/admin/audit?actor=teacher%40example.edu");
  const asked = (id: string) => page.getByRole("row").filter({ hasText: `编号为 ${id} 的算力申请` });
  await expect(asked(approvedId)).toContainText("申请算力分钟");
  await expect(asked(approvedId)).toContainText(wanted);
  await expect(asked(declinedId)).toContainText("申请算力分钟");
  await page.goto(`/admin/audit?actor=${encodeURIComponent(admin.email)}`);
  await expect(asked(declinedId)).toContainText("拒绝算力申请");
  await expect(asked(declinedId)).toContainText(because);
  await expect(asked(approvedId)).toContainText("批准算力申请");
  await expect(page.getByRole("row").filter({ hasText: "向教学班发放分钟" })).toContainText(wanted);
  await expect(asked(approvedId)).toContainText("发放编号");
  // Codes stay out of the sentences: no raw action names or field names.
  await expect(page.getByRole("main")).not.toContainText("compute.");
  await expect(page.getByRole("main")).not.toContainText("grantId");
  await expectAccessible(page);

  expect([...studentProblems, ...teacherProblems, ...adminProblems]).toEqual([]);
  await Promise.all([studentContext.close(), teacherContext.close()]);
});
