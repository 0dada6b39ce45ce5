import {
  createUser,
  demoStudent,
  enrolInCourse,
  expect,
  expectAccessible,
  hydrated,
  origin,
  signInAs,
  test,
  watchConsole,
} from "./fixtures";
import { E2E_DB, E2E_SECRET } from "../../playwright.config";

// The password the visitor chooses when signing up through the join link.
const NEW_PASSWORD = "join-and-learn-2026";

/** The demo cohort's join path and the right answers to a course's quizzes, read from the e2e server's own data. */
async function demoData() {
  process.env.DATABASE_PATH = E2E_DB;
  process.env.SESSION_SECRET = E2E_SECRET;
  process.env.APP_MODE = "demo";
  const [{ getDb }, { demoJoinPath, rightAnswers }, { getCompiledLesson, getContentIndex }] =
    await Promise.all([
      import("~db/client.server"),
      import("~db/seed-cohort"),
      import("~/courseware/store.server"),
    ]);
  const course = (await getContentIndex()).courses.find((c) => c.slug === "ai-foundations");
  const quizzes: { lesson: string; form: [string, string][] }[] = [];
  for (const lesson of course?.lessons ?? []) {
    const compiled = await getCompiledLesson({
      courseSlug: "ai-foundations",
      lessonSlug: lesson.slug,
      lang: "zh",
    });
    for (const key of compiled?.answerKey ?? []) {
      const form: [string, string][] = [["quizId", key.id]];
      for (const [id, values] of Object.entries(rightAnswers(key)))
        for (const v of values) form.push([`answer-${id}`, v]);
      quizzes.push({ lesson: lesson.slug, form });
    }
  }
  return {
    joinPath: demoJoinPath(getDb()) ?? "",
    lessons: course?.lessons.map((l) => l.slug) ?? [],
    quizzes,
  };
}

test.describe("learning", () => {
  test("a visitor joins with the demo link, learns, completes the course, and anyone verifies the certificate", async ({
    page,
    browser,
  }) => {
    const { joinPath, lessons, quizzes } = await demoData();
    expect(joinPath).toMatch(/^\/join\/[2-9A-Z]{8}$/);
    await page.goto(joinPath);
    await expect(page.getByRole("heading", { level: 1, name: "加入教学班" })).toBeVisible();
    await expect(page.getByText("课程：人工智能导论")).toBeVisible();
    await expectAccessible(page);
    await hydrated(page);
    await page.getByLabel("姓名").fill("陈同学");
    await page.getByLabel("电子邮箱").fill(`Chen.${Date.now()}@Example.edu`);
    await page.getByLabel("学号").fill(`E2E${Date.now()}`);
    await page.getByLabel("设置密码").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "注册并加入" }).click();
    await expect(page).toHaveURL(/\/courses\/ai-foundations$/);

    await page.goto(`/courses/ai-foundations/${lessons[0]}`);
    await hydrated(page);
    await page.getByRole("button", { name: "标记为已完成" }).click();
    await expect(page.getByText("本课已完成")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "本课程的各节课" }).getByText("已完成")).toHaveCount(1);
    await expectAccessible(page);

    // The rest of the course through the same requests the lesson page makes.
    for (const { lesson, form } of quizzes) {
      const res = await page.request.post(
        `/courses/ai-foundations/${lesson}?_data=routes%2Fcourses.%24course.%24lesson`,
        {
          headers: { Origin: origin },
          form: Object.fromEntries(form),
        },
      );
      expect(res.status(), lesson).toBe(200);
    }
    for (const lesson of lessons) {
      const res = await page.request.post(`/learning/ai-foundations/${lesson}`, {
        headers: { Origin: origin, Accept: "application/json" },
        form: { intent: "complete" },
      });
      expect(res.status()).toBe(200);
    }
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { name: "已完成的课程" })).toBeVisible();
    await expectAccessible(page);
    const href = (await page.getByRole("link", { name: "查看证书" }).getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/certificates\/[0-9a-f]{32}$/);

    const stranger = await browser.newContext();
    const verifier = await stranger.newPage();
    await verifier.goto(href);
    await expect(verifier.getByText("陈同学").first()).toBeVisible();
    await expect(verifier.locator('[data-certificate-status="valid"]')).toBeVisible();
    await expect(verifier.getByRole("img", { name: /二维码/ })).toBeVisible();
    await expectAccessible(verifier);
    const machine = await verifier.request.get(`${href}.json`);
    expect(await machine.json()).toMatchObject({ status: "valid", student: "陈同学", revokedAt: null });
    await stranger.close();
  });

  test("lessons of a course are refused to someone outside its cohorts, saying how to join", async ({
    page,
  }) => {
    await signInAs(page, "student");
    const response = await page.goto("/courses/npu-deep-learning/01-tensors");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "加入教学班后才能阅读" })).toBeVisible();
    await expect(page.getByRole("link", { name: "输入加入码" })).toHaveAttribute("href", "/join");
    await expectAccessible(page);
  });

  test("reading time is counted while the page is visible and in use, and sent in a batch", async ({
    page,
  }) => {
    await page.clock.install();
    const student = await signInAs(page, "student");
    await enrolInCourse(student.id);
    const lesson = "/courses/ai-foundations/02-data";
    const state = "/learning/ai-foundations/02-data";
    await page.goto(lesson);
    await hydrated(page);
    const batch = page.waitForRequest(
      (req) => req.method() === "POST" && req.url().endsWith(`${state}/time`),
    );
    // Thirty active seconds: the reader moves the mouse now and then.
    for (let i = 0; i < 4; i++) {
      await page.mouse.move(100 + i * 10, 200);
      await page.clock.runFor(8_000);
    }
    const sent = await batch;
    expect(sent.postData()).toBe("seconds=30");
    expect((await sent.response())?.status()).toBe(204);
    // The server counts no more than the wall-clock time since the view (plus slack), but something.
    const after = (await (await page.request.get(state)).json()) as { lesson: { secondsSpent: number } };
    expect(after.lesson.secondsSpent).toBeGreaterThan(0);
    expect(after.lesson.secondsSpent).toBeLessThanOrEqual(30);
  });

  test("the demo student's dashboard is their home and shows the course part-way through, at phone width", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInAs(page, await demoStudent());
    await page.goto("/");
    await expect(page).toHaveURL(/\/dashboard$/);
    await hydrated(page);
    await page.locator("header summary").click();
    await expect(
      page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "我的学习" }),
    ).toHaveAttribute("aria-current", "page");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("heading", { name: "正在学习" })).toBeVisible();
    await expect(page.getByText("必修的各节课已完成 2 / 6")).toBeVisible();
    await expect(page.getByRole("link", { name: /继续学习/ })).toHaveAttribute(
      "href",
      "/courses/ai-foundations/03-models-and-training",
    );
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });

  test("a teacher gives their student a one-time reset link from the roster", async ({ page, browser }) => {
    const teacher = await createUser({ role: "teacher" });
    const student = await createUser({ name: "孙同学" });
    // createUser has pointed the app's code at the e2e database.
    const [{ getDb }, { createTestCohort }, { joinCohort }] = await Promise.all([
      import("~db/client.server"),
      import("../support/cohorts"),
      import("~/models/enrolment.server"),
    ]);
    const cohort = createTestCohort({
      courseId: "ai-foundations",
      name: `周五班 ${Date.now()}`,
      teacherIds: [teacher.id],
    });
    joinCohort(getDb(), student.id, cohort.joinCode);

    await signInAs(page, teacher);
    const problems = watchConsole(page);
    await page.goto("/courses");
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "教学" }).click();
    await expect(page).toHaveURL(/\/teach$/);
    await expect(page.getByRole("heading", { level: 1, name: "我的教学班" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: `学生名单：${cohort.name}` }).click();
    await expect(page).toHaveURL(new RegExp(`/teach/${cohort.id}$`));
    await hydrated(page);
    await page.getByLabel("搜索").fill("孙同学");
    await page.getByRole("button", { name: "搜索" }).click();
    await expect(page).toHaveURL(/q=/);
    await expect(page.getByRole("cell", { name: student.email })).toBeVisible();
    await expectAccessible(page);

    const dialogs: string[] = [];
    page.once("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole("button", { name: "为 孙同学 生成重置链接" }).click();
    const link = page.getByTestId("reset-url");
    await expect(link).toHaveValue(new RegExp(`^${origin}/reset/[A-Za-z0-9_-]{43}$`));
    expect(dialogs).toEqual([expect.stringContaining("孙同学")]);
    const url = await link.inputValue();
    // Shown once: reloading the roster does not show it again.
    await page.reload();
    await expect(page.getByTestId("reset-url")).toHaveCount(0);
    expect(problems).toEqual([]);

    // The student, signed out, was told to ask and can now choose a password.
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await visitor.goto("/login");
    await expect(visitor.getByText(/忘记密码？请联系任课教师/)).toBeVisible();
    await visitor.goto(url);
    await expect(visitor.getByRole("heading", { name: "设置新密码" })).toBeVisible();
    await expect(visitor.getByText(student.email)).toBeVisible();
    await context.close();
  });
});
