import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { courses as courseMessages } from "~/i18n/messages/courses";
import type { QuizKey } from "./answer-key.server";
import { resolveLessonAsset } from "./assets.server";
import type { CompileContext } from "./compile-context.server";
import type { Problem } from "./problems.server";
import type { LessonFrontmatter } from "./schema.server";
import type { ContentLang, PublicQuiz, TocEntry } from "./types";
import { projectRoot } from "~db/paths.server";

/** Bump to throw every compiled lesson away (the sources below already change the fingerprint). */
export const PIPELINE_VERSION = "5";

/** The code a compiled lesson depends on: the compiler, its plugins, the static components. */
const PIPELINE_SOURCES = ["app/courseware", "app/i18n/locale.ts", "app/i18n/t.ts"];

/**
 * What a compiled lesson was made by: the version, the UI strings the static
 * components print, and the source text of the pipeline itself, so that a
 * change to a component's markup or a plugin can never be served from a stale
 * cache (a hand-bumped version was forgotten once). Tests are left out; a
 * deployment without sources (none today) falls back to the version and strings.
 */
export const PIPELINE_FINGERPRINT = pipelineFingerprint();

export function pipelineFingerprint(root = projectRoot): string {
  const hash = createHash("sha256").update(`${PIPELINE_VERSION}\0${JSON.stringify(courseMessages)}`);
  for (const file of PIPELINE_SOURCES.flatMap((entry) => sourceFiles(path.join(root, entry)))) {
    hash.update(`\0${path.relative(root, file)}\0`).update(readFileSync(file));
  }
  return hash.digest("hex");
}

function sourceFiles(entry: string): string[] {
  if (!existsSync(entry)) return [];
  if (!statSync(entry).isDirectory()) return [entry];
  return readdirSync(entry, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name))
    .sort()
    .map((name) => path.join(entry, name));
}

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
  /**
   * What the check needs without compiling again, so a build from a warm
   * cache reports and enforces exactly what a cold one does. (Lessons with
   * errors are never cached: they are compiled, and refused, every time.)
   */
  warnings: Problem[];
  labs: CompileContext["labs"];
  questionLines: CompileContext["questionLines"];
}

export const KEY_PATTERN = /^[0-9a-f]{64}$/;

// `src="x"`, `](x)` or a `[ref]: x` definition, with or without `./`, ending where a URL would.
const ASSET_REFERENCE =
  /(?:\bsrc\s*=\s*["']|\]\(\s*<?|^\s*\[[^\]\n]+\]:\s*<?)(?:\.\/)?([A-Za-z0-9][^"'()<>\s#?/\\]*)(?=["'()<>\s#?]|$)/gm;

/** Files beside the lesson that it names (figures, images, linked files): their bytes are part of its cache key. */
export function referencedAssets(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(ASSET_REFERENCE)) {
    if (match[1] && !match[1].includes(":")) names.add(match[1]);
  }
  return [...names].sort();
}

export interface KeyInput {
  source: string;
  courseSlug: string;
  lessonSlug: string;
  lang: ContentLang;
  lessonDir: string;
  /** Every course and lesson a link may name: a lesson's broken links change when one goes. */
  linkTargets?: string;
}

/**
 * sha256 of the pipeline fingerprint, the lesson's place (its URLs depend on
 * it), its source, the link targets that exist and the bytes of the assets it
 * references: whatever a compile's result depends on.
 */
export function contentKey(input: KeyInput): string {
  const hash = createHash("sha256").update(PIPELINE_FINGERPRINT);
  hash.update(`\0${input.courseSlug}/${input.lessonSlug}/${input.lang}\0`).update(input.source);
  hash.update(`\0${input.linkTargets ?? ""}\0`);
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
