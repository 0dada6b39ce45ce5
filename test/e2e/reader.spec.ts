import { enrolInCourse, expect, expectAccessible, hydrated, signInAs, test, watchConsole } from "./fixtures";

// A long lesson with headings, code blocks and a figure.
const COURSE = "npu-deep-learning";
const LESSON = `/courses/${COURSE}/02-autograd`;

test.describe("the lesson reader on a desktop", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("keeps the lesson list and contents in view, marks the section being read, and goes back to the top", async ({
    page,
  }) => {
    await enrolInCourse((await signInAs(page, "student")).id, COURSE);
    const problems = watchConsole(page);
    await page.goto(LESSON);
    await hydrated(page);
    const lessons = page.getByRole("navigation", { name: "本课程的各节课" });
    const contents = page.getByRole("navigation", { name: "本页目录" });
    const tocLinks = contents.locator("li a");
    await expect(tocLinks.first()).toHaveAttribute("aria-current", "location");

    // Follow the fourth heading's link: that section becomes the current one.
    const fourth = tocLinks.nth(3);
    const target = (await fourth.getAttribute("href")) ?? "";
    await fourth.click();
    await expect(fourth).toHaveAttribute("aria-current", "location");
    await expect(contents.locator('[aria-current="location"]')).toHaveCount(1);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(decodeURIComponent(target));

    // Far down the page both side columns are still on screen.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1500);
    for (const column of [lessons, contents]) {
      const box = await column.boundingBox();
      expect(box?.y).toBeGreaterThanOrEqual(0);
      expect(box?.y).toBeLessThan(100);
    }
    await expect(tocLinks.last()).toHaveAttribute("aria-current", "location");

    await contents.getByRole("link", { name: "回到顶部" }).click();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  test("copies a code block with one click and says so", async ({ page, context }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await enrolInCourse((await signInAs(page, "student")).id, COURSE);
    const problems = watchConsole(page);
    await page.goto(LESSON);
    await hydrated(page);
    const block = page.locator("#lesson-body .code-block").first();
    const button = block.getByRole("button", { name: "复制代码" });
    await button.click();
    await expect(block.getByRole("button", { name: "已复制" })).toBeVisible();
    await expect(block.getByRole("status")).toHaveText("已复制");
    const code = (await block.locator("pre code").textContent()) ?? "";
    expect(code).toContain("import torch");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    // It goes back to its label, ready for the next copy.
    await expect(block.getByRole("button", { name: "复制代码" })).toBeVisible();
    await expectAccessible(page);

    // The same in English, after client-side navigation to another lesson.
    await page.getByRole("button", { name: /切换语言/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("link", { name: /Next lesson/ }).click();
    await expect(page).toHaveURL(/03-training-loop$/);
    await expect(page.locator("#lesson-body .code-block").first().getByRole("button")).toHaveText(
      "Copy code",
    );
    expect(problems).toEqual([]);
  });
});

test.describe("the lesson reader on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("a tap shows a figure at its own size, and Escape puts it away", async ({ page }) => {
    await enrolInCourse((await signInAs(page, "student")).id, COURSE);
    const problems = watchConsole(page);
    await page.goto(LESSON);
    await hydrated(page);
    const figure = page.locator("#lesson-body figure").first();
    const inPage = await figure.locator("img").boundingBox();
    expect(inPage?.width).toBeLessThanOrEqual(360);
    const open = figure.getByRole("button", { name: /^放大图片：/ });
    await open.scrollIntoViewIfNeeded();
    await open.click();
    const dialog = page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    const big = await dialog.locator("img").boundingBox();
    expect(big?.width).toBeGreaterThan(2 * (inPage?.width ?? 0));
    await expect(dialog.locator("figcaption")).toHaveText(
      (await figure.locator("figcaption").textContent()) ?? "",
    );
    await expect(dialog.getByRole("button", { name: "关闭" })).toBeFocused();
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();

    // The close button and a tap beside the picture close it too.
    await open.click();
    await dialog.getByRole("button", { name: "关闭" }).click();
    await expect(dialog).toBeHidden();
    await open.click();
    await page.mouse.click(5, 300);
    await expect(dialog).toBeHidden();
    expect(problems).toEqual([]);
  });

  test("without JavaScript the lesson reads as before: figures, code and contents links", async ({
    browser,
  }) => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    await enrolInCourse((await signInAs(page, "student")).id, COURSE);
    await page.goto(LESSON);
    await expect(page.locator("#lesson-body figure img").first()).toBeVisible();
    await expect(page.locator("#lesson-body pre").first()).toContainText("import torch");
    await expect(page.locator("#lesson-body .code-copy")).toHaveCount(0);
    await page.getByRole("link", { name: "回到顶部" }).click();
    await expect(page).toHaveURL(/#lesson-title$/);
    await context.close();
  });
});
