import { enrolInCourse, expect, expectAccessible, hydrated, signInAs, test } from "./fixtures";

const LESSON = "/courses/ai-foundations/01-what-is-ai";
// Text that appears only in an explanation of the lesson's quiz, in each language.
const EXPLANATION = {
  zh: "无监督学习只有输入",
  en: "Unsupervised learning uses inputs only",
};

test.describe("courses", () => {
  test("a visitor browses the catalogue and a syllabus", async ({ page }) => {
    await page.goto("/courses");
    await expect(page.getByRole("heading", { level: 1, name: "课程目录" })).toBeVisible();
    await expect(page.getByRole("link", { name: "人工智能导论" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("link", { name: "人工智能导论" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "人工智能导论" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "课程大纲" })).toBeVisible();
    await expect(page.getByRole("link", { name: "输入加入码" })).toHaveAttribute("href", "/join");
    await expectAccessible(page);
    const response = await page.goto("/courses/no-such-course");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "找不到这门课程或这节课" })).toBeVisible();
  });

  test("a lesson needs an account", async ({ page }) => {
    await page.goto(LESSON);
    await expect(page).toHaveURL(/\/login\?redirectTo=/);
  });

  test("a student reads a lesson in zh and en and answers its quiz; the answers were never sent before", async ({
    page,
  }) => {
    const student = await signInAs(page, "student");
    await enrolInCourse(student.id);
    const scripts: string[] = [];
    page.on("response", async (response) => {
      if (response.request().resourceType() === "script") scripts.push(await response.text());
    });
    const document = await page.goto(LESSON);
    const html = (await document?.text()) ?? "";
    expect(html).toContain("随堂测验");
    expect(html).not.toContain(EXPLANATION.zh);
    expect(html).not.toContain(EXPLANATION.en);
    await hydrated(page);
    expect(scripts.join("\n")).not.toContain(EXPLANATION.zh);
    await expect(page.getByRole("heading", { level: 1, name: "什么是人工智能" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "本页目录" })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: /切换语言/ }).click();
    await expect(
      page.getByRole("heading", { level: 1, name: "What Is Artificial Intelligence?" }),
    ).toBeVisible();
    await expect(page.locator("#lesson-body h2").first()).toHaveText("Defining AI");
    await hydrated(page);

    const quiz = page.locator('form[data-quiz="check"]');
    await quiz.getByLabel("Grouping news articles by topic when no article has a topic label").check();
    await quiz.getByLabel("Every deep learning method is also a machine learning method.").check();
    await quiz.getByLabel("True", { exact: true }).check();
    await quiz.getByLabel("Your answer").fill("78");
    await quiz.locator('input[name="answer-q5"][value="0"]').check();
    await quiz.getByRole("button", { name: "Submit answers" }).click();
    await expect(quiz.getByText("2 of 5 correct (40%)")).toBeVisible();
    await expect(quiz.locator('[data-feedback="q1"]')).toContainText("Correct");
    await expect(quiz.locator('[data-feedback="q1"]')).toContainText(EXPLANATION.en);
    await expect(quiz.locator('[data-feedback="q3"]')).toContainText("Not quite");
    // The course reveals answers always: a wrong answer shows the right one, a right one needs none.
    await expect(quiz.locator('[data-feedback="q3"]')).toContainText("Correct answer: False");
    await expect(quiz.locator('[data-feedback="q5"]')).toContainText("Correct answer: option 2");
    await expect(quiz.locator('[data-feedback="q1"] [data-correct-answer]')).toHaveCount(0);
    await expect(page).toHaveURL(/01-what-is-ai$/);

    await page.getByRole("link", { name: /Next lesson/ }).click();
    await expect(page).toHaveURL(/02-data$/);
    await expect(page.locator("#lesson-body h2").first()).toBeVisible();

    // The language is an account setting: leave it as the other tests expect it.
    await page.getByRole("button", { name: /Change language/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "机器学习中的数据" })).toBeVisible();
  });

  test("without JavaScript the quiz posts and the page shows the graded result", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // An admin previews without a recorded attempt, so the student's quiz throttle from the test above does not apply.
    await signInAs(page, "admin");
    await page.goto(LESSON);
    const quiz = page.locator('form[data-quiz="check"]');
    await quiz.locator('input[name="answer-q1"][value="1"]').check();
    await quiz.locator('input[name="answer-q2"][value="0"]').check();
    await quiz.locator('input[name="answer-q2"][value="2"]').check();
    await quiz.locator('input[name="answer-q3"][value="false"]').check();
    await quiz.locator('input[name="answer-q4"]').fill("78");
    await quiz.locator('input[name="answer-q5"][value="1"]').check();
    await quiz.locator('button[type="submit"]').click();
    await expect(page.locator("#quiz-result")).toContainText("答对 5 / 5 题（100%）");
    await context.close();
  });
});
