import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * A real curriculum no one on this project wrote (three lessons of
 * microsoft/ML-For-Beginners with their Chinese translations, vendored byte
 * for byte) goes through `npm run content:import`, then `content:check` and
 * the content build, as subprocesses. The hand edits between them are
 * counted by kind: the point of the importer is that they stay few.
 */
const FIXTURE = path.resolve("test/fixtures/ml-for-beginners");
const TSX = path.resolve("node_modules/.bin/tsx");
const LESSONS = ["1-intro-to-ml", "2-history-of-ml", "4-techniques-of-ml"];
let workdir: string;
let source: string;
let content: string;
let out: string;
const handEdits = { quizzes: 0, altTexts: 0 };

function run(script: string, args: string[]) {
  const result = spawnSync(TSX, [script, ...args], {
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? filesUnder(file) : [file];
    });
}

/** Every file's path and bytes, so "changes nothing" is checked to the byte. */
function treeHash(dir: string): string {
  const hash = createHash("sha256");
  for (const file of filesUnder(dir))
    hash.update(path.relative(dir, file)).update("\0").update(readFileSync(file));
  return hash.digest("hex");
}

const importArgs = () => [
  path.join(source, "1-Introduction"),
  "--course",
  "ml-intro",
  "--links",
  path.join(workdir, "links.yml"),
  "--root",
  content,
];

beforeAll(() => {
  workdir = mkdtempSync(path.join(os.tmpdir(), "content-import-"));
  source = path.join(workdir, "source");
  content = path.join(workdir, "content");
  out = path.join(workdir, "out");
  cpSync(FIXTURE, source, { recursive: true });
  writeFileSync(
    path.join(workdir, "links.yml"),
    "base: https://github.com/microsoft/ML-For-Beginners/blob/main/1-Introduction\n",
  );
});

afterAll(() => {
  rmSync(workdir, { recursive: true, force: true });
});

describe("importing a real open curriculum (ML-For-Beginners)", () => {
  it("imports every lesson with its Chinese translation, lists remote images and fetches nothing", () => {
    const result = run("scripts/content-import.ts", importArgs());
    expect(result.stdout.split("\n").filter((line) => line.startsWith("error "))).toEqual([]);
    expect(result.status).toBe(0);
    // The curriculum's own zh quiz file leaves one choice empty: that quiz is left for a person.
    expect(result.stdout).toMatch(
      /warning .*quiz-app\/src\/assets\/translations\/zh-cn\.json:\d+ quiz 8, question 3 has an empty choice \(1\)/,
    );
    expect(result.stdout).toMatch(
      /remote images to download .*\n\s+.*1-intro-to-ML\/README\.md:3 https:\/\/img\.youtube\.com\//,
    );
    const course = path.join(content, "courses/ml-intro");
    for (const lesson of LESSONS)
      for (const lang of ["en", "zh"])
        expect(existsSync(path.join(course, lesson, `index.${lang}.md`))).toBe(true);
    const history = readFileSync(path.join(course, "2-history-of-ml/index.zh.md"), "utf8");
    // Title from the first #, which is removed; images copied beside the lesson; notebook links to the source.
    expect(history).toMatch(
      /^---\nid: ml-intro-2-history-of-ml\ntitle: 机器学习的历史\nminutes: \d+\nrequired: true\n---\n\n!\[/,
    );
    expect(history).not.toContain("# 机器学习的历史");
    expect(history).toContain("![Shakey, 智能机器人](./shakey.jpg)");
    expect(history).toContain(
      "[创建时间线](https://github.com/microsoft/ML-For-Beginners/blob/main/1-Introduction/2-history-of-ML/assignment.md)",
    );
    // A video thumbnail is not fetched: the link to the video stays, with the image's alt text.
    expect(history).toContain("[积木世界与SHRDLU](https://www.youtube.com/watch?v=QAJz4YKUwqw");
    // The figure is the source's own file, copied byte for byte.
    expect(readFileSync(path.join(course, "2-history-of-ml/shakey.jpg"))).toEqual(
      readFileSync(path.join(FIXTURE, "1-Introduction/2-history-of-ML/images/shakey.jpg")),
    );
  }, 120_000);

  it("changes nothing when run again over the same source", () => {
    const before = treeHash(content);
    const result = run("scripts/content-import.ts", importArgs());
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/: 0 file\(s\) written/);
    expect(treeHash(content)).toBe(before);
  }, 120_000);

  it("passes content:check and the build with one quiz fix as the only hand edit, figures included", () => {
    const course = path.join(content, "courses/ml-intro");
    // Pre- and post-lecture quizzes came from the quiz app's JSON, linked from each lesson.
    const history = readFileSync(path.join(course, "2-history-of-ml/quiz.en.yml"), "utf8");
    expect(history).toContain(
      "id: q3-1\n    type: single\n    prompt: Approximately when was the term 'artificial intelligence' coined?",
    );
    expect(history).toContain("id: q4-3");
    const before = run("scripts/content-check.ts", ["--root", content]);
    expect(before.status).toBe(1);
    const errors = before.stdout.split("\n").filter((line) => line.startsWith("error "));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((line) => line.includes("4-techniques-of-ml/"))).toBe(true);
    expect(errors).toContainEqual(expect.stringMatching(/index\.zh\.md every lesson needs a quiz/));
    // The hand edit: fill in the empty choice upstream (the English file has "model.travel"), then re-import.
    const zhQuizzes = path.join(source, "quiz-app/src/assets/translations/zh-cn.json");
    const fixed = readFileSync(zhQuizzes, "utf8").replace(
      '"answerText": "",',
      '"answerText": "model.travel",',
    );
    writeFileSync(zhQuizzes, fixed);
    handEdits.quizzes += 1;
    const reimport = run("scripts/content-import.ts", importArgs());
    // The zh quiz, and the zh lesson whose quiz links now lead to it.
    expect(reimport.stdout).toMatch(/: 2 file\(s\) written, 0 problem\(s\)/);
    expect(readFileSync(path.join(course, "4-techniques-of-ml/index.zh.md"), "utf8")).toContain(
      "## [课前测验](#qz-check)",
    );
    const check = run("scripts/content-check.ts", ["--root", content]);
    expect(check.stdout.split("\n").filter((line) => line.startsWith("error "))).toEqual([]);
    expect(check.status).toBe(0);
    const build = run("scripts/content-build.ts", ["--root", content, "--out", out]);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const html = readdirSync(path.join(out, "cache"))
      .map((name) => JSON.parse(readFileSync(path.join(out, "cache", name), "utf8")))
      .filter((lesson) => lesson.lessonSlug === "2-history-of-ml")
      .map((lesson) => `${lesson.lang}: ${lesson.html}`);
    expect(html).toHaveLength(2);
    for (const page of html) {
      expect(page).toMatch(
        /<img src="\/lesson-assets\/ml-intro\/2-history-of-ml\/shakey\.jpg\?v=[0-9a-f]+" alt="Shakey/,
      );
      expect(page).toMatch(
        /<img src="\/lesson-assets\/ml-intro\/2-history-of-ml\/ml-history\.png\?v=[0-9a-f]+"/,
      );
    }
    expect(handEdits).toEqual({ quizzes: 1, altTexts: 0 });
  }, 240_000);
});
