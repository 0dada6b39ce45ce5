import type { Page } from "@playwright/test";
import { createUser, expect, expectAccessible, hydrated, signInAs, test, watchConsole } from "./fixtures";

/** The vertical centre of each element, to check that a row's items line up. */
async function centres(page: Page, selectors: string[]): Promise<number[]> {
  return Promise.all(
    selectors.map(async (selector) => {
      const box = await page.locator(selector).first().boundingBox();
      if (!box) throw new Error(`${selector} is not visible`);
      return box.y + box.height / 2;
    }),
  );
}

test.describe("the header on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  for (const who of ["visitor", "student"] as const) {
    test(`is one row with its items level, as a ${who}, on documents served cached and not`, async ({
      page,
    }) => {
      if (who === "student") await signInAs(page, "student");
      for (const path of ["/", "/courses", "/courses/ai-foundations", "/login"]) {
        await page.goto(path);
        const header = await page.locator("header").boundingBox();
        expect(header?.height, path).toBeLessThanOrEqual(64);
        const [logo = 0, language = 0, menu = 0] = await centres(page, [
          'header a[href="/"]',
          'header form[action="/locale"] button',
          "header summary",
        ]);
        expect(Math.abs(logo - language), path).toBeLessThanOrEqual(2);
        expect(Math.abs(menu - language), path).toBeLessThanOrEqual(2);
      }
    });
  }

  test("its menu opens and closes by keyboard, passes axe and leads to every page", async ({ page }) => {
    await signInAs(page, "admin");
    const problems = watchConsole(page);
    await page.goto("/");
    await hydrated(page);
    const menu = page.locator("header details");
    const summary = menu.locator("summary");
    await summary.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("open", "");
    const nav = page.getByRole("navigation", { name: "主导航" });
    await expect(nav.getByRole("link", { name: "课程" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "管理" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "我的账号" })).toBeVisible();
    await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await expect(menu).not.toHaveAttribute("open", "");
    await expect(summary).toBeFocused();

    // A page change closes it.
    await page.keyboard.press("Enter");
    await nav.getByRole("link", { name: "课程" }).click();
    await expect(page).toHaveURL(/\/courses$/);
    await expect(menu).not.toHaveAttribute("open", "");
    expect(problems).toEqual([]);
  });

  test("its menu works without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    await page.goto("/");
    await page.locator("header summary").click();
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await context.close();
  });
});

test.describe("refused pages", () => {
  test("a student opening /admin gets a page saying who it is for and where to go instead", async ({
    page,
  }) => {
    await signInAs(page, "student");
    for (const path of ["/admin/users", "/admin/universities", "/admin/audit", "/admin"]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      expect(response?.headers()["content-type"], path).toContain("text/html");
      await expect(page.getByRole("heading", { name: "没有访问权限" })).toBeVisible();
      await expect(page.getByText("此页面仅向管理员开放。")).toBeVisible();
      await expect(page.getByText("您的账号角色：学生。")).toBeVisible();
      await expect(page.locator("main")).not.toContainText("admin:");
    }
    // /admin itself: hydrated, accessible, and its links lead on.
    const problems = watchConsole(page);
    await page.reload();
    await hydrated(page);
    await expectAccessible(page);
    await expect(page.locator("main").getByRole("link", { name: "我的账号" })).toHaveAttribute(
      "href",
      "/account",
    );
    await page.locator("main").getByRole("link", { name: "浏览课程目录" }).click();
    await expect(page).toHaveURL(/\/courses$/);
    // The browser reports the 403 status itself; nothing else may go wrong.
    expect(problems.filter((p) => !p.includes("403"))).toEqual([]);
  });

  test("a teacher reading in English is told so in English", async ({ page }) => {
    await signInAs(page, "teacher", { locale: "en" });
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Access denied" })).toBeVisible();
    await expect(page.getByText("This page is only for administrators.")).toBeVisible();
    await expect(page.getByText("Your account's role: Teacher.")).toBeVisible();
    await page.locator("main").getByRole("link", { name: "Browse the catalogue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Course catalogue" })).toBeVisible();
  });
});

test.describe("language after signing out", () => {
  test("signing in and out keeps the account's language, not the browser's", async ({ page }) => {
    // The browser asks for Chinese (playwright.config); the account reads English.
    const student = await createUser({ locale: "en" });
    await page.goto("/login");
    await hydrated(page);
    await page.getByLabel("电子邮箱").fill(student.email);
    await page.getByLabel("密码").fill(student.password);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.goto("/courses");
    await expect(page.getByRole("heading", { level: 1, name: "Course catalogue" })).toBeVisible();
  });

  test("a language changed on the account is the one kept after signing out", async ({ page }) => {
    // Signed in without the sign-in form, so only signing out can set the language cookie.
    await signInAs(page, "teacher", { locale: "en" });
    await page.goto("/account");
    await hydrated(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in", exact: true })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});
