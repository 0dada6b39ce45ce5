import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "~db/paths.server";
import {
  pipelineFingerprint,
  type CompiledLesson,
  contentKey,
  pruneCache,
  readCachedLesson,
  referencedAssets,
  writeCachedLesson,
} from "./cache.server";

const fixtureLesson = path.join(projectRoot, "test/fixtures/content/courses/fixture-course/01-basics");

/** A private copy of the fixture lesson, so the test can edit its files. */
function lessonCopy() {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "lesson-")), "01-basics");
  cpSync(fixtureLesson, dir, { recursive: true });
  const file = path.join(dir, "index.en.mdx");
  const key = () =>
    contentKey({
      source: readFileSync(file, "utf8"),
      courseSlug: "fixture-course",
      lessonSlug: "01-basics",
      lang: "en",
      lessonDir: dir,
    });
  return { dir, file, key };
}

describe("content cache keys", () => {
  it("is the same for the same input", () => {
    const a = lessonCopy();
    const b = lessonCopy();
    expect(a.key()).toMatch(/^[0-9a-f]{64}$/);
    expect(a.key()).toBe(a.key());
    expect(a.key()).toBe(b.key());
  });

  it("changes when the source changes", () => {
    const lesson = lessonCopy();
    const before = lesson.key();
    appendFileSync(lesson.file, "\nOne more sentence.\n");
    expect(lesson.key()).not.toBe(before);
  });

  it("changes when a referenced asset changes, and only then", () => {
    const lesson = lessonCopy();
    const before = lesson.key();
    writeFileSync(path.join(lesson.dir, "unrelated.svg"), "<svg/>");
    expect(lesson.key()).toBe(before);
    appendFileSync(path.join(lesson.dir, "chart.svg"), "<!-- edited -->");
    expect(lesson.key()).not.toBe(before);
  });

  it("depends on the lesson's place and language, which its URLs and labels come from", () => {
    const { dir, file } = lessonCopy();
    const source = readFileSync(file, "utf8");
    const base = {
      source,
      courseSlug: "fixture-course",
      lessonSlug: "01-basics",
      lang: "en" as const,
      lessonDir: dir,
    };
    const keys = new Set([
      contentKey(base),
      contentKey({ ...base, lang: "zh" }),
      contentKey({ ...base, lessonSlug: "01-renamed" }),
      contentKey({ ...base, courseSlug: "other-course" }),
    ]);
    expect(keys.size).toBe(4);
  });

  it("finds the assets a lesson references", () => {
    expect(
      referencedAssets('<Figure src="./b.svg" /> [data](./a.csv) [x](../02-next) ![i](./b.svg)'),
    ).toEqual(["a.csv", "b.svg"]);
  });
});

describe("the pipeline fingerprint", () => {
  it("changes with any compiler or component source, not with tests, and is the server's", () => {
    const root = mkdtempSync(path.join(tmpdir(), "pipeline-"));
    cpSync(path.join(projectRoot, "app", "courseware"), path.join(root, "app", "courseware"), {
      recursive: true,
    });
    cpSync(path.join(projectRoot, "app", "i18n"), path.join(root, "app", "i18n"), { recursive: true });
    const copy = pipelineFingerprint(root);
    expect(copy).toBe(pipelineFingerprint(projectRoot));
    appendFileSync(path.join(root, "app", "courseware", "compile.server.test.ts"), "\n// a test changed\n");
    expect(pipelineFingerprint(root)).toBe(copy);
    appendFileSync(path.join(root, "app", "courseware", "components", "lab.tsx"), "\n// markup changed\n");
    expect(pipelineFingerprint(root)).not.toBe(copy);
  });
});

describe("content cache files", () => {
  const lesson = { key: "a".repeat(64), html: "<p>hi</p>" } as CompiledLesson;

  it("round-trips a compiled lesson and treats a torn file as missing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "content-cache-"));
    writeCachedLesson(dir, lesson);
    expect(readCachedLesson(dir, lesson.key)).toEqual(lesson);
    writeFileSync(path.join(dir, `${lesson.key}.json`), '{"key":');
    expect(readCachedLesson(dir, lesson.key)).toBeUndefined();
    expect(readCachedLesson(dir, "b".repeat(64))).toBeUndefined();
  });

  it("prunes lessons that are no longer in use and leaves other files alone", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "content-cache-"));
    const old = { ...lesson, key: "b".repeat(64) };
    writeCachedLesson(dir, lesson);
    writeCachedLesson(dir, old);
    writeFileSync(path.join(dir, "notes.txt"), "keep me");
    expect(pruneCache(dir, new Set([lesson.key]))).toBe(1);
    expect(readCachedLesson(dir, lesson.key)).toEqual(lesson);
    expect(readCachedLesson(dir, old.key)).toBeUndefined();
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("keep me");
  });

  it("refuses anything but a content key as a file name", () => {
    expect(() => readCachedLesson(tmpdir(), "../../etc/passwd")).toThrow(/not a content key/);
  });
});
