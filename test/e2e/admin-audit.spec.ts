import { createUser, expect, hydrated, signInAs, test } from "./fixtures";

/** Changes a role through the model, as the page would: the audit row is the real one. */
async function changeRole(actor: { id: number; email: string }, userId: number) {
  const [{ getDb }, { changeUserRole }] = await Promise.all([
    import("~db/client.server"),
    import("~/models/users.server"),
  ]);
  changeUserRole(getDb(), { id: actor.id, label: actor.email }, userId, "admin");
}

test("the audit log reads as sentences in the viewer's language", async ({ page }) => {
  const admin = await createUser({ role: "admin" });
  const target = await createUser({ role: "teacher", name: "周敏" });
  await changeRole(admin, target.id);
  await signInAs(page, admin);
  await page.goto(`/admin/audit?actor=${encodeURIComponent(admin.email)}`);
  await hydrated(page);

  const row = page.getByRole("row").filter({ hasText: target.email });
  await expect(row.getByRole("cell", { name: "修改角色", exact: true })).toBeVisible();
  await expect(row).toContainText("周敏");
  await expect(row).toContainText("角色");
  await expect(row).toContainText(/教师 →.*管理员/);
  await expect(row.getByRole("cell").first()).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  await expect(row).not.toContainText("user.role");
  await expect(row).not.toContainText(`#${target.id}`);
  await expect(row).not.toContainText("{");
  // The action filter offers the same words.
  await expect(
    page.getByLabel("操作", { exact: true }).locator("option", { hasText: "修改角色" }),
  ).toHaveCount(1);

  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const english = page.getByRole("row").filter({ hasText: target.email });
  await expect(english.getByRole("cell", { name: "Changed a role", exact: true })).toBeVisible();
  await expect(english).toContainText(/Teacher →.*Administrator/);
  await expect(english.getByRole("cell").first()).toHaveText(
    /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s?[AP]M$/,
  );
});
