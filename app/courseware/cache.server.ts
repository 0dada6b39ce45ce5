import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { courses as courseMessages } from "~/i18n/messages/courses";
import type { QuizKey } from "./answer-key.server";
import { resolveLessonAsset } from "./assets.server";
import type { LessonFrontmatter } from "./schema.server";
import type { ContentLang, PublicQuiz, TocEntry } from "./types";

/**
 * Bump when the compile plugins or the static components change what they
 * produce. The UI strings those components print are fingerprinted below, so
 * editing a message needs no bump.
 */
export const PIPELINE_VERSION = "3";
export const PIPELINE_FINGERPRINT = createHash("sha256")
  .update(`${PIPELINE_VERSION}\0${JSON.stringify(courseMessages)}`)
  .digest("hex");

/** A compiled lesson as stored in `.cache/content/<key>.json`. Server-only: it holds the answer key. */
export interface CompiledLesson {
  key: string;
  courseSlug: string;
  lessonSlug: string;
  lang: ContentLang;
  frontmatter: LessonFrontmatter;
  html: string;
  toc: TocEntry[];
  quizzes: PublicQuiz[];
  answerKey: QuizKey[];
}

export const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** Files a lesson names as `src="./x"` or `](./x)`: their bytes are part of its cache key. */
export function referencedAssets(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/(?:\bsrc\s*=\s*["']|\]\()\.\/([^"'()\s#?]+)/g)) {
    if (match[1]) names.add(match[1]);
  }
  return [...names].sort();
}

export interface KeyInput {
  source: string;
  courseSlug: string;
  lessonSlug: string;
  lang: ContentLang;
  lessonDir: string;
}

/**
 * sha256 of the pipeline fingerprint, the lesson's place (its URLs depend on
 * it), its source and the bytes of the assets it references.
 */
export function contentKey(input: KeyInput): string {
  const hash = createHash("sha256").update(PIPELINE_FINGERPRINT);
  hash.update(`\0${input.courseSlug}/${input.lessonSlug}/${input.lang}\0`).update(input.source);
  for (const name of referencedAssets(input.source)) {
    const asset = resolveLessonAsset(input.lessonDir, name);
    hash.update(`\0${name}\0`);
    if (asset.ok) hash.update(readFileSync(asset.file));
  }
  return hash.digest("hex");
}

export function cachePath(cacheDir: string, key: string): string {
  if (!KEY_PATTERN.test(key)) throw new Error(`not a content key: ${key}`);
  return path.join(cacheDir, `${key}.json`);
}

export function readCachedLesson(cacheDir: string, key: string): CompiledLesson | undefined {
  const file = cachePath(cacheDir, key);
  if (!existsSync(file)) return undefined;
  try {
    const lesson = JSON.parse(readFileSync(file, "utf8")) as CompiledLesson;
    return lesson.key === key ? lesson : undefined;
  } catch {
    // A torn or hand-edited file is as good as missing: it will be compiled again.
    return undefined;
  }
}

/** Written to a temporary name then renamed, so a reader never sees half a file. */
export function writeCachedLesson(cacheDir: string, lesson: CompiledLesson): void {
  mkdirSync(cacheDir, { recursive: true });
  const file = cachePath(cacheDir, lesson.key);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(lesson));
  renameSync(temporary, file);
}

/** Deletes cached lessons no longer in use (old versions of edited lessons); returns how many. */
export function pruneCache(cacheDir: string, keep: ReadonlySet<string>): number {
  if (!existsSync(cacheDir)) return 0;
  let removed = 0;
  for (const name of readdirSync(cacheDir)) {
    const key = name.replace(/\.json$/, "");
    if (KEY_PATTERN.test(key) && name === `${key}.json` && !keep.has(key)) {
      rmSync(path.join(cacheDir, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}
