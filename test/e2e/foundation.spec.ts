import { createUser, expect, expectAccessible, hydrated, signInAs, test } from "./fixtures";

test.describe("accounts and roles", () => {
  test("an admin creates a university and a teacher, who sets a password from the reset link and signs in", async ({
    page,
    browser,
  }) => {
    const admin = await createUser({ role: "admin" });
    await page.goto("/login");
    await hydrated(page);
    await page.getByLabel("电子邮箱").fill(admin.email);
    await page.getByLabel("密码").fill(admin.password);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);

    await page.getByRole("link", { name: "高校" }).click();
    await page.getByLabel("高校代码").fill("CCNU");
    await page.getByLabel("中文名称").fill("华中师范大学");
    await page.getByLabel("英文名称").fill("Central China Normal University");
    await page.getByRole("button", { name: "创建" }).click();
    await expect(page.getByText("已新增高校 华中师范大学。")).toBeVisible();
    await expect(page.getByRole("cell", { name: "CCNU", exact: true })).toBeVisible();
    // A second one straight after: the form starts empty after every success, not only the first.
    await page.getByLabel("高校代码").fill("HZAU");
    await page.getByLabel("中文名称").fill("华中农业大学");
    await page.getByLabel("英文名称").fill("Huazhong Agricultural University");
    await page.getByRole("button", { name: "创建" }).click();
    await expect(page.getByText("已新增高校 华中农业大学。")).toBeVisible();
    for (const label of ["高校代码", "中文名称", "英文名称"])
      await expect(page.getByLabel(label)).toHaveValue("");

    await page.getByRole("link", { name: "用户" }).click();
    await page.getByLabel("电子邮箱").fill("li.wei@ccnu.example.edu");
    await page.getByLabel("姓名").fill("李伟");
    await page.getByLabel("所在高校").selectOption({ label: "CCNU · 华中师范大学" });
    await page.getByRole("button", { name: "创建" }).click();
    const link = await page.getByTestId("reset-url").inputValue();
    expect(link).toMatch(/\/reset\/[A-Za-z0-9_-]{43}$/);

    // The audit log shows what the admin did.
    await page.getByRole("link", { name: "审计日志" }).click();
    await expect(page.getByRole("cell", { name: "创建账号", exact: true })).toBeVisible();
    await expect(page.getByRole("cell", { name: "新增高校", exact: true })).toHaveCount(2);

    const teacherContext = await browser.newContext();
    const teacher = await teacherContext.newPage();
    await teacher.goto(link);
    await hydrated(teacher);
    await expect(teacher.getByText("为 li.wei@ccnu.example.edu 设置新密码。")).toBeVisible();
    await teacher.getByLabel("新密码", { exact: true }).fill("short");
    await expect(teacher.getByText("密码长度须为 8 到 128 个字符。")).toBeVisible();
    await teacher.getByLabel("新密码", { exact: true }).fill("wuhan-teacher-2026");
    await teacher.getByLabel("再次输入新密码").fill("wuhan-teacher-2026");
    await teacher.getByRole("button", { name: "保存新密码" }).click();
    await expect(teacher.getByText("密码已更新，请用新密码登录。")).toBeVisible();

    await teacher.getByLabel("电子邮箱").fill("li.wei@ccnu.example.edu");
    await teacher.getByLabel("密码").fill("wuhan-teacher-2026");
    await teacher.getByRole("button", { name: "登录" }).click();
    await expect(teacher).toHaveURL(/\/courses$/);
    await expect(teacher.getByRole("link", { name: "我的账号" })).toBeVisible();

    // The link worked once.
    await teacher.goto(link);
    await expect(teacher.getByText(/这个重置链接无效、已使用或已过期/)).toBeVisible();
    await teacherContext.close();
  });

  test("a student is refused the admin pages", async ({ page }) => {
    await signInAs(page, "student");
    for (const path of ["/admin/users", "/admin/universities", "/admin/audit"]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "没有访问权限" })).toBeVisible();
    }
    await expect(page.getByRole("link", { name: "管理" })).toHaveCount(0);
  });

  test("a visitor is sent to sign in and comes back where they were going", async ({ page }) => {
    const admin = await createUser({ role: "admin" });
    await page.goto("/admin/audit");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Faudit$/);
    await hydrated(page);
    await page.getByLabel("电子邮箱").fill(admin.email);
    await page.getByLabel("密码").fill(admin.password);
    await page.getByRole("button", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
  });

  test("wrong passwords lead to 429 with a time to retry", async ({ page }) => {
    const teacher = await createUser({ role: "teacher" });
    await page.goto("/login");
    await hydrated(page);
    // Each try waits for its own answer: a new submission would otherwise cancel the one before.
    const signIn = async (password: string) => {
      const answered = page.waitForResponse(
        (r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login",
      );
      await page.getByLabel("电子邮箱").fill(teacher.email);
      await page.getByLabel("密码").fill(password);
      await page.getByRole("button", { name: "登录" }).click();
      return (await answered).status();
    };
    for (let i = 0; i < 10; i++) {
      expect(await signIn(`wrong-password-${i}`)).toBe(401);
      await expect(page.getByText("邮箱或密码不正确。")).toBeVisible();
    }
    expect(await signIn(teacher.password)).toBe(429);
    await expect(page.getByText(/登录失败次数过多。请约 \d+ 分钟后（.+ 以后）再试/)).toBeVisible();
  });

  test("signing out ends the session", async ({ page }) => {
    await signInAs(page, "student");
    await page.goto("/account");
    await hydrated(page);
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page.getByRole("link", { name: "登录", exact: true })).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("language, phone and keyboard", () => {
  test("the language switch changes the interface and is remembered", async ({ page }) => {
    await page.goto("/");
    await hydrated(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("依托武汉算力，学习人工智能");
    await page.getByRole("button", { name: /English/ }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Learn AI on Wuhan's compute");
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  });

  test("a signed-in user's language is kept on the account", async ({ page }) => {
    await signInAs(page, "teacher");
    await page.goto("/account");
    await hydrated(page);
    await page.getByLabel("界面语言").selectOption("en");
    await page.getByRole("button", { name: "保存" }).click();
    await expect(page.getByText("Profile saved.")).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await page.context().clearCookies({ name: "ta_locale" });
    await page.goto("/account");
    await expect(page.getByRole("heading", { name: "My account" })).toBeVisible();
    await page.getByLabel("Interface language").selectOption("zh-CN");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("资料已保存。")).toBeVisible();
  });

  test("pages fit a 360 px phone and pass axe", async ({ page }) => {
    // Nine pages, each checked by axe: slow on a shared machine, and not a timing test.
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 360, height: 740 });
    await signInAs(page, "admin");
    for (const path of [
      "/",
      "/login",
      "/account",
      "/admin/users",
      "/admin/universities",
      "/admin/audit",
      "/courses",
      "/courses/npu-deep-learning",
      "/courses/npu-deep-learning/04-mixed-precision",
    ]) {
      await page.goto(path);
      await hydrated(page);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
      await expectAccessible(page);
    }
  });

  test("the keyboard reaches the skip link and the sign-in form", async ({ page }) => {
    const student = await createUser();
    await page.goto("/login");
    await hydrated(page);
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "跳到主要内容" })).toBeFocused();
    await page.getByLabel("电子邮箱").focus();
    await page.keyboard.type(student.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(student.password);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});
