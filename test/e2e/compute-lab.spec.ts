import {
  createUser,
  creditMinutes,
  enrolInCourse,
  expect,
  expectAccessible,
  hydrated,
  signInAs,
  test,
  watchConsole,
} from "./fixtures";

const lesson = "/courses/ai-foundations/03-models-and-training";

test("a lesson's lab block shows the reader's own balance in its pool, never inside the shared document", async ({
  page,
  browser,
}) => {
  const [ana, ben] = await Promise.all([createUser({ locale: "en" }), createUser({ locale: "en" })]);
  for (const [who, minutes] of [
    [ana, 137],
    [ben, 61],
  ] as const) {
    await enrolInCourse(who.id);
    await creditMinutes(who.id, "cpu-notebook", minutes);
  }

  // After hydration, Ana's lab block says what she has in the block's pool and links to /compute.
  const problems = watchConsole(page);
  await signInAs(page, ana);
  await page.goto(lesson);
  await hydrated(page);
  const lab = page.locator("section.lab[data-pool='cpu-notebook']");
  await expect(lab.locator("[data-lab-balance]")).toHaveText(
    "Your balance in this pool: 2 h 17 min Open Compute",
  );
  await expect(lab.getByRole("link", { name: "Open Compute" })).toHaveAttribute("href", "/compute");
  await expectAccessible(page);
  await page.setViewportSize({ width: 360, height: 800 });
  await expect(lab.locator("[data-lab-balance]")).toBeVisible();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
  ).toBeLessThanOrEqual(0);

  // The number rides on the private per-person request...
  const state = await page.request.get(`/learning${lesson.slice("/courses".length)}`);
  expect(state.headers()["cache-control"]).toBe("private, no-store");
  expect(((await state.json()) as { labBalances: Record<string, number> }).labBalances).toEqual({
    "cpu-notebook": 137,
  });

  // ...never in the document, which is byte for byte the one Ben gets.
  // (Nonces aside: a render after the page cache lets the document go has fresh ones.)
  const lessonHtml = async (p: typeof page) =>
    (await (await p.request.get(lesson)).text()).replace(/nonce="[^"]*"/g, "");
  const anaHtml = await lessonHtml(page);
  expect(anaHtml).toContain('data-pool="cpu-notebook"');
  for (const personal of ["data-lab-balance", "2 h 17 min", "Your balance in this pool"])
    expect(anaHtml).not.toContain(personal);
  const benContext = await browser.newContext();
  const benPage = await benContext.newPage();
  const benProblems = watchConsole(benPage);
  await signInAs(benPage, ben);
  expect(await lessonHtml(benPage)).toBe(anaHtml);
  await benPage.goto(lesson);
  await hydrated(benPage);
  await expect(benPage.locator("section.lab[data-pool='cpu-notebook'] [data-lab-balance]")).toContainText(
    "1 h 1 min",
  );
  await expect(benPage.getByText("2 h 17 min")).toHaveCount(0);

  // Without scripts the block still reads, with no balance at all.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await signInAs(plain, ana);
  await plain.goto(lesson);
  await expect(plain.locator("section.lab[data-pool='cpu-notebook']")).toBeVisible();
  await expect(plain.locator("[data-lab-balance]")).toHaveCount(0);
  await expect(plain.getByText("2 h 17 min")).toHaveCount(0);

  // The link leads to the same figure on /compute.
  await lab.getByRole("link", { name: "Open Compute" }).click();
  await expect(page).toHaveURL(/\/compute$/);
  await expect(page.locator("[data-pool='cpu-notebook'] [data-balance-minutes]")).toHaveAttribute(
    "data-balance-minutes",
    "137",
  );
  expect([...problems, ...benProblems]).toEqual([]);
  await Promise.all([benContext.close(), noScript.close()]);
});
