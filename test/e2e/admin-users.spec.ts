import { createUser, expect, expectAccessible, hydrated, signInAs, test, userById } from "./fixtures";

test.describe("the admin user list", () => {
  test("asks once before disabling or changing a role, and does nothing when told no", async ({ page }) => {
    const admin = await createUser({ role: "admin" });
    const target = await createUser({ role: "teacher" });
    await signInAs(page, admin);
    await page.goto(`/admin/users?q=${encodeURIComponent(target.email)}`);
    await hydrated(page);
    const posts: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "POST") posts.push(r.url());
    });
    const dialogs: string[] = [];

    page.once("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.getByRole("button", { name: `停用 ${target.email}` }).click();
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toContain(target.email);
    expect(posts).toEqual([]);
    expect((await userById(target.id))?.disabledAt).toBeNull();

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: `停用 ${target.email}` }).click();
    await expect(page.getByText(`已更新 ${target.email}。`)).toBeVisible();
    await expect(page.getByRole("button", { name: `启用 ${target.email}` })).toBeVisible();
    expect((await userById(target.id))?.disabledAt).not.toBeNull();

    await page.getByRole("combobox", { name: `${target.email} 的角色` }).selectOption("admin");
    page.once("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const before = posts.length;
    await page.getByRole("button", { name: `修改角色 ${target.email}` }).click();
    await expect.poll(() => dialogs.length).toBe(2);
    expect(dialogs[1]).toContain(target.email);
    expect(posts.length).toBe(before);
    expect((await userById(target.id))?.role).toBe("teacher");

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: `修改角色 ${target.email}` }).click();
    await expect(page.getByText(`已更新 ${target.email}。`)).toBeVisible();
    await expect.poll(async () => (await userById(target.id))?.role).toBe("admin");
  });

  test("keeps an address on one line at 1280 px", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const admin = await createUser({ role: "admin" });
    const target = await createUser({
      role: "student",
      // A long but real-world address (campus addresses are shorter still), unique per run.
      email: `zhang.xiaoming.${Date.now().toString(36)}@stu.hust.edu.cn`,
    });
    await signInAs(page, admin);
    await page.goto(`/admin/users?q=${encodeURIComponent(target.email)}`);
    await hydrated(page);
    const email = page.getByRole("cell").getByText(target.email, { exact: true });
    const { height, lineHeight } = await email.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      lineHeight: Number.parseFloat(getComputedStyle(el).lineHeight),
    }));
    expect(height).toBeLessThan(lineHeight * 1.5);
  });

  test("shows role, status and every action on screen at 360 px, and passes axe", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const admin = await createUser({ role: "admin" });
    const target = await createUser({
      role: "teacher",
      email: `a.rather.long.address.for.a.phone-${Date.now()}@whu.example.edu.cn`,
    });
    await signInAs(page, admin);
    await page.goto(`/admin/users?q=${encodeURIComponent(target.email)}`);
    await hydrated(page);
    const card = page.getByRole("listitem").filter({ hasText: target.email });
    const facts = card.locator("dl");
    await expect(facts).toContainText("教师");
    await expect(facts).toContainText("正常");
    const controls = [
      facts,
      card.getByRole("combobox", { name: `${target.email} 的角色` }),
      card.getByRole("button", { name: `修改角色 ${target.email}` }),
      card.getByRole("button", { name: `停用 ${target.email}` }),
      card.getByRole("button", { name: `生成密码重置链接 ${target.email}` }),
    ];
    for (const control of controls) {
      // Below the creation form on a phone: the page scrolls down to it, never sideways (no scrolling table).
      await control.evaluate((el) =>
        window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 100),
      );
      await expect(control).toBeInViewport({ ratio: 1 });
      const box = await control.boundingBox();
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(360);
    }
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page);
  });
});
