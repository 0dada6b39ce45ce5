import { readFileSync } from "node:fs";
import { createUser, expect, expectAccessible, hydrated, signInAs, test, watchConsole } from "./fixtures";

const MARKUP = "<img src=x onerror=alert(1)>";
const FORMULA = '=HYPERLINK("http://evil.example","点我")';
const DAY = 24 * 60 * 60 * 1000;

/** A cohort of the teacher's with three students: one keen, one idle for a month, one never started. */
async function classroom(teacherId: number) {
  const keen = await createUser({ name: FORMULA });
  const idle = await createUser({ name: "陈静" });
  const fresh = await createUser({ name: MARKUP });
  const [{ getDb }, { createTestCohort }, { joinCohort }, { completeLesson, startLesson }] =
    await Promise.all([
      import("~db/client.server"),
      import("../support/cohorts"),
      import("~/models/enrolment.server"),
      import("~/models/progress.server"),
    ]);
  const db = getDb();
  const cohort = createTestCohort({
    courseId: "ai-foundations",
    name: "人工智能导论 3 班",
    teacherIds: [teacherId],
  });
  const now = Date.now();
  for (const student of [keen, idle, fresh]) joinCohort(db, student.id, cohort.joinCode, now - 40 * DAY);
  completeLesson(db, keen.id, { courseId: "ai-foundations", lessonId: "aif-what-is-ai" }, now - DAY);
  startLesson(db, idle.id, { courseId: "ai-foundations", lessonId: "aif-what-is-ai" }, now - 30 * DAY);
  return { cohort, keen, idle, fresh };
}

test("a teacher sees progress, filters the at-risk students, opens one, and exports grades", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  const alerts: string[] = [];
  page.on("dialog", async (dialog) => {
    // The reset link asks once (confirm); an alert could only come from a name run as markup.
    if (dialog.type() === "alert") alerts.push(dialog.message());
    await dialog.accept();
  });
  const teacher = await signInAs(page, "teacher");
  const { cohort, idle, fresh } = await classroom(teacher.id);

  await page.goto(`/teach/${cohort.id}/progress`);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("学习进度：人工智能导论 3 班");
  const matrix = page.getByTestId("matrix");
  await expect(matrix.getByRole("rowheader")).toHaveCount(3);
  await expect(matrix.getByRole("link", { name: MARKUP })).toBeVisible();
  await expect(matrix.getByText("已完成").first()).toBeAttached();
  await expectAccessible(page);

  // Keyboard only: the filter is a plain GET form.
  await page.getByLabel("显示").selectOption("at-risk");
  await page.getByLabel("多少天未学习算作不活跃").fill("7");
  await page.getByRole("button", { name: "应用" }).press("Enter");
  await expect(page).toHaveURL(/filter=at-risk/);
  // The idle student (a month without activity); the new one joined 40 days ago and never started.
  await expect(matrix.getByRole("rowheader")).toHaveCount(2);
  await expect(matrix.getByRole("link", { name: "陈静" })).toBeVisible();
  await expect(matrix.getByText("7 天以上未学习").first()).toBeVisible();

  await matrix.getByRole("link", { name: "陈静" }).click();
  await expect(page).toHaveURL(`/teach/${cohort.id}/students/${idle.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("学生：陈静");
  await expect(page.getByText(/开始学习“什么是人工智能/)).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole("button", { name: "为 陈静 生成重置链接" }).click();
  await expect(page.getByTestId("reset-url")).toHaveValue(/\/reset\//);

  await page.goto(`/teach/${cohort.id}/students/${fresh.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`学生：${MARKUP}`);

  await page.goto(`/teach/${cohort.id}/progress`);
  await hydrated(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出成绩（CSV）" }).click();
  const file = await (await download).path();
  const bytes = readFileSync(file);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.toString("utf8");
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
  expect(csv).toContain(MARKUP);

  for (const view of ["quizzes", "activity"]) {
    await page.goto(`/teach/${cohort.id}/${view}`);
    await hydrated(page);
    await expectAccessible(page);
  }
  await expect(page.getByRole("img", { name: /每周活跃学生与完成课数/ })).toBeVisible();

  expect(alerts).toEqual([]);
  expect(problems).toEqual([]);
});

/** The classroom plus a lecture hall's worth of students, so the matrix has a second page. */
async function lectureHall(teacherId: number) {
  const room = await classroom(teacherId);
  const [{ getDb }, { joinCohort }] = await Promise.all([
    import("~db/client.server"),
    import("~/models/enrolment.server"),
  ]);
  for (let i = 0; i < 52; i += 1) {
    const student = await createUser({ name: `学生 ${String(i).padStart(3, "0")}` });
    joinCohort(getDb(), student.id, room.cohort.joinCode, Date.now() - DAY);
  }
  return room;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a teacher pages through a lecture hall and searches it, the URL keeping sort, filter and search", async ({
      page,
    }) => {
      test.setTimeout(90_000);
      const problems = watchConsole(page);
      const teacher = await signInAs(page, "teacher");
      const { cohort } = await lectureHall(teacher.id);
      const matrix = page.getByTestId("matrix");

      await page.goto(`/teach/${cohort.id}/progress?sort=name&dir=desc`);
      if (javaScriptEnabled) await hydrated(page);
      await expect(matrix.getByRole("rowheader")).toHaveCount(50);
      await expect(page.getByText("第 1 / 2 页，共 55 条")).toBeVisible();
      // The whole cohort is sorted before paging: page 2 holds the end of the list, nobody twice.
      const first = await matrix.getByRole("rowheader").allTextContents();
      await page.getByRole("link", { name: "下一页" }).click();
      await expect(page).toHaveURL(/page=2/);
      await expect(page).toHaveURL(/sort=name&dir=desc/);
      await expect(matrix.getByRole("rowheader")).toHaveCount(5);
      const second = await matrix.getByRole("rowheader").allTextContents();
      expect(new Set([...first, ...second]).size).toBe(55);
      await expect(matrix.getByRole("link", { name: "学生 000" })).toBeVisible();

      // A search starts again at page 1 and keeps the sort; wildcards are plain characters.
      await page.getByLabel("姓名、学号或邮箱").fill("学生 05");
      await page.getByRole("button", { name: "应用" }).press("Enter");
      await expect(page).toHaveURL(/q=/);
      await expect(page).not.toHaveURL(/page=2/);
      await expect(matrix.getByRole("rowheader")).toHaveText(["学生 051", "学生 050"]);
      await expect(page.getByText("第 1 / 1 页，共 2 条")).toBeVisible();
      await page.getByLabel("姓名、学号或邮箱").fill("%");
      await page.getByRole("button", { name: "应用" }).press("Enter");
      await expect(matrix.getByText("没有符合条件的学生。")).toBeVisible();

      // A shared link past the end shows the last page; the filters count the whole cohort.
      await page.goto(`/teach/${cohort.id}/progress?filter=not-started&page=9`);
      await expect(page.getByText("第 2 / 2 页，共 53 条")).toBeVisible();
      await expect(matrix.getByRole("rowheader")).toHaveCount(3);
      await expect(page.getByLabel("显示")).toContainText("需要关注（2）");
      expect(problems).toEqual([]);
    });
  });
}

test("at 360 px the matrix scrolls inside its own region, never the page", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  const problems = watchConsole(page);
  const teacher = await signInAs(page, "teacher");
  const { cohort } = await classroom(teacher.id);
  for (const view of ["progress", "quizzes", "activity"]) {
    await page.goto(`/teach/${cohort.id}/${view}`);
    await hydrated(page);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, view).toBeLessThanOrEqual(0);
  }
  await page.goto(`/teach/${cohort.id}/progress`);
  const region = page.getByTestId("matrix");
  expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await region.focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  expect(problems).toEqual([]);
});

test("another teacher cannot reach the cohort by URL", async ({ page }) => {
  const owner = await createUser({ role: "teacher" });
  const { cohort, keen } = await classroom(owner.id);
  await signInAs(page, "teacher");
  for (const url of [
    `/teach/${cohort.id}/progress`,
    `/teach/${cohort.id}/students/${keen.id}`,
    `/teach/${cohort.id}/grades.csv`,
  ]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(404);
  }
});
