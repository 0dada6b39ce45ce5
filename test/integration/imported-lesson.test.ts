import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCurriculum } from "~/courseware/import.server";
import { openDatabase } from "~db/client.server";
import { createTestUser, sessionCookieFor } from "../support/factories";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

/**
 * The imported ML-For-Beginners lessons, served by the production server
 * (CONTENT_ROOT pointing at the import) and read in real Chromium: the
 * figures are the curriculum's own files and load as images, and the quiz
 * imported from its quiz app is on the page.
 */
const FIXTURE = path.resolve("test/fixtures/ml-for-beginners");
let workdir: string;
let dbFile: string;
let server: RunningServer;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  workdir = mkdtempSync(path.join(os.tmpdir(), "imported-lesson-"));
  const source = path.join(workdir, "source");
  cpSync(FIXTURE, source, { recursive: true });
  // The one hand edit the import leaves (see content-import.test.ts): a choice the zh quiz file left empty.
  const zhQuizzes = path.join(source, "quiz-app/src/assets/translations/zh-cn.json");
  writeFileSync(
    zhQuizzes,
    readFileSync(zhQuizzes, "utf8").replace('"answerText": "",', '"answerText": "model.travel",'),
  );
  writeFileSync(
    path.join(workdir, "links.yml"),
    "base: https://github.com/microsoft/ML-For-Beginners/blob/main\n",
  );
  const imported = await importCurriculum({
    source: path.join(source, "1-Introduction"),
    contentRoot: path.join(workdir, "content"),
    course: "ml-intro",
    linksFile: path.join(workdir, "links.yml"),
  });
  expect(imported.problems).toEqual([]);

  dbFile = copyBaseDatabase("imported-lesson");
  const db = openDatabase(dbFile);
  const admin = await createTestUser({ role: "admin", email: "imported@test.example.edu" }, db);
  cookie = await sessionCookieFor(admin.id, db);
  db.$client.close();
  server = await startProductionServer(dbFile, { CONTENT_ROOT: path.join(workdir, "content") });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dbFile, { force: true });
  rmSync(workdir, { recursive: true, force: true });
});

async function readLesson(lang: "zh-CN" | "en", lesson: string) {
  const context = await browser.newContext({ locale: lang });
  const [name, value] = cookie.split(/=(.*)/s);
  await context.addCookies([{ name: name ?? "", value: value ?? "", url: server.url }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  const response = await page.goto(`${server.url}/courses/ml-intro/${lesson}`);
  expect(response?.status()).toBe(200);
  const images = page.locator("#lesson-body img");
  const sizes: { src: string; width: number }[] = [];
  for (const image of await images.all()) {
    await image.scrollIntoViewIfNeeded();
    // Waits for the load to end (lazy images start when scrolled to); a failed one reads as width 0.
    await image.evaluate((img: HTMLImageElement) =>
      img.complete
        ? undefined
        : new Promise((resolve) => {
            img.addEventListener("load", resolve, { once: true });
            img.addEventListener("error", resolve, { once: true });
          }),
    );
    sizes.push(
      await image.evaluate((img: HTMLImageElement) => ({
        src: new URL(img.currentSrc).pathname,
        width: img.naturalWidth,
      })),
    );
  }
  const quizQuestions = await page.locator('#lesson-body form[data-quiz="check"] .quiz-prompt').count();
  // The lesson's "Pre-lecture quiz" heading links lead to that quiz on the page, not to the quiz app.
  const quizLinks = await page.locator('#lesson-body h2 a[href="#qz-check"]').count();
  const quizTarget = await page.locator("#qz-check").count();
  await context.close();
  return { sizes, quizQuestions, quizLinks, quizTarget, errors };
}

describe("an imported lesson in the reader", () => {
  it("shows the curriculum's own figures, decoded at their real sizes, in both languages", async () => {
    for (const lang of ["zh-CN", "en"] as const) {
      const { sizes, quizQuestions, quizLinks, quizTarget, errors } = await readLesson(
        lang,
        "2-history-of-ml",
      );
      expect(sizes).toEqual([
        { src: "/lesson-assets/ml-intro/2-history-of-ml/ml-history.png", width: 1241 },
        { src: "/lesson-assets/ml-intro/2-history-of-ml/shakey.jpg", width: 400 },
        { src: "/lesson-assets/ml-intro/2-history-of-ml/eliza.png", width: 660 },
      ]);
      // Pre- and post-lecture quizzes 3 and 4, three questions each, from the quiz app's JSON.
      expect(quizQuestions).toBe(6);
      expect([quizLinks, quizTarget]).toEqual([2, 1]);
      expect(errors).toEqual([]);
    }
  }, 60_000);

  it("shows the figures of a lesson whose images sit in its own folder", async () => {
    const { sizes } = await readLesson("en", "1-intro-to-ml");
    expect(sizes).toEqual([
      { src: "/lesson-assets/ml-intro/1-intro-to-ml/hype.png", width: 2334 },
      { src: "/lesson-assets/ml-intro/1-intro-to-ml/ai-ml-ds.png", width: 427 },
    ]);
  }, 60_000);
});
