import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectRoot } from "~db/paths.server";
import { checkContent } from "./check.server";
import { scanContent } from "./content-index.server";
import { keyOf } from "./precompile.server";

const FIXTURE = path.join(projectRoot, "test/fixtures/content");
const QUIZ =
  "questions:\n  - id: r1\n    type: truefalse\n    prompt: This lesson exists in both formats.\n    answer: true\n    explanation: It does.\n";
let root: string;

/** The fixture course with 02-next's English written as plain Markdown beside nothing else. */
function markdownVariant() {
  const dir = path.join(root, "courses/fixture-course/02-next");
  const mdx = readFileSync(path.join(dir, "index.en.mdx"), "utf8");
  rmSync(path.join(dir, "index.en.mdx"));
  writeFileSync(path.join(dir, "index.en.md"), `${mdx.slice(0, mdx.indexOf("<Quiz"))}`);
  writeFileSync(path.join(dir, "quiz.en.yml"), QUIZ);
  return dir;
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "md-course-"));
  cpSync(FIXTURE, root, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("a course holding .mdx and .md lessons", () => {
  it("passes the check with one lesson in each format", async () => {
    markdownVariant();
    const errors = (await checkContent(root)).filter((p) => p.severity === "error");
    expect(errors).toEqual([]);
    const { index } = scanContent(root);
    expect(index.courses[0]?.lessons.map((l) => Object.keys(l.variants))).toEqual([["zh", "en"], ["en"]]);
  });

  it("refuses a lesson that has both index.en.mdx and index.en.md", async () => {
    const dir = path.join(root, "courses/fixture-course/02-next");
    writeFileSync(path.join(dir, "index.en.md"), "---\nid: x\n---\n");
    const errors = (await checkContent(root)).filter((p) => p.severity === "error");
    expect(errors.map((p) => `${path.basename(p.file)} ${p.message}`)).toEqual([
      "index.en.md both index.en.mdx and index.en.md exist: keep one (the .md one is ignored)",
    ]);
  });

  it("keys a .md lesson's cache entry on its quiz sidecar and the course's inline-math option too", () => {
    const dir = markdownVariant();
    const ref = { courseSlug: "fixture-course", lessonSlug: "02-next", lang: "en" as const };
    const first = keyOf(scanContent(root).index, ref);
    writeFileSync(path.join(dir, "quiz.en.yml"), QUIZ.replace("answer: true", "answer: false"));
    const second = keyOf(scanContent(root).index, ref);
    expect(second).not.toBe(first);
    const courseFile = path.join(root, "courses/fixture-course/course.yml");
    writeFileSync(courseFile, `${readFileSync(courseFile, "utf8")}markdown: { inlineMath: true }\n`);
    expect(keyOf(scanContent(root).index, ref)).not.toBe(second);
  });
});
