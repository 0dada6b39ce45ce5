import { existsSync, readFileSync } from "node:fs";
import { type CompiledLesson, contentKey, readCachedLesson, writeCachedLesson } from "./cache.server";
import { type CompileResult, compileLesson } from "./compile.server";
import {
  type ContentIndex,
  type VariantRef,
  isMarkdownLesson,
  lessonDir,
  lessonFile,
  linkTargets,
  quizSidecarFile,
} from "./content-index.server";

/** How the course reads its `.md` lessons (course.yml `markdown:`). */
export function inlineMathOf(index: ContentIndex, ref: VariantRef): boolean {
  return index.courses.find((course) => course.slug === ref.courseSlug)?.meta.markdown.inlineMath ?? false;
}

/** A `.md` lesson compiles from its file, its quiz sidecar and its course's markdown options. */
function keySource(index: ContentIndex, ref: VariantRef, file: string): string {
  const source = readFileSync(file, "utf8");
  if (!isMarkdownLesson(file)) return source;
  const quiz = quizSidecarFile(file, ref.lang);
  const sidecar = existsSync(quiz) ? readFileSync(quiz, "utf8") : "";
  return `${source}\0${sidecar}\0inlineMath=${inlineMathOf(index, ref)}`;
}

export function keyOf(index: ContentIndex, ref: VariantRef): string {
  const file = lessonFile(index.root, ref.courseSlug, ref.lessonSlug, ref.lang);
  return contentKey({
    ...ref,
    source: keySource(index, ref, file),
    lessonDir: lessonDir(index.root, ref.courseSlug, ref.lessonSlug),
    linkTargets: index.courses
      .flatMap((course) => [course.slug, ...course.lessons.map((lesson) => `${course.slug}/${lesson.slug}`)])
      .join("\n"),
  });
}

export interface Ensured extends CompileResult {
  key: string;
  /** False when the cache already held this exact source. */
  compiled: boolean;
}

/** A cached lesson answers for its compile: it was cached only because it had no errors. */
function fromCache(key: string, lesson: CompiledLesson): Ensured {
  return {
    key,
    lesson,
    problems: lesson.warnings,
    parsed: true,
    labs: lesson.labs,
    questionLines: lesson.questionLines,
    answerKey: lesson.answerKey,
    compiled: false,
  };
}

/**
 * The compiled lesson for the current source: from the cache when its key is
 * there, else compiled, and cached when it has no errors.
 */
export async function ensureCompiled(
  index: ContentIndex,
  ref: VariantRef,
  cacheDir: string,
  key = keyOf(index, ref),
): Promise<Ensured> {
  const cached = readCachedLesson(cacheDir, key);
  if (cached) return fromCache(key, cached);
  const result = await compileLesson({
    ...ref,
    key,
    file: lessonFile(index.root, ref.courseSlug, ref.lessonSlug, ref.lang),
    lessonDir: lessonDir(index.root, ref.courseSlug, ref.lessonSlug),
    hasTarget: linkTargets(index),
    inlineMath: inlineMathOf(index, ref),
  });
  if (result.lesson) writeCachedLesson(cacheDir, result.lesson);
  return { ...result, key, compiled: true };
}
