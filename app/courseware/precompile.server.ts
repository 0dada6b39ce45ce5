import { readFileSync } from "node:fs";
import { type CompiledLesson, contentKey, readCachedLesson, writeCachedLesson } from "./cache.server";
import { compileLesson } from "./compile.server";
import {
  type ContentIndex,
  type VariantRef,
  lessonDir,
  lessonFile,
  linkTargets,
} from "./content-index.server";
import type { Problem } from "./problems.server";

export function keyOf(index: ContentIndex, ref: VariantRef): string {
  const file = lessonFile(index.root, ref.courseSlug, ref.lessonSlug, ref.lang);
  return contentKey({
    ...ref,
    source: readFileSync(file, "utf8"),
    lessonDir: lessonDir(index.root, ref.courseSlug, ref.lessonSlug),
  });
}

export interface Ensured {
  key: string;
  lesson?: CompiledLesson;
  problems: Problem[];
  /** False when the cache already held this exact source. */
  compiled: boolean;
}

/** The compiled lesson for the current source: from the cache when its key is there, else compiled and cached. */
export async function ensureCompiled(
  index: ContentIndex,
  ref: VariantRef,
  cacheDir: string,
  key = keyOf(index, ref),
): Promise<Ensured> {
  const cached = readCachedLesson(cacheDir, key);
  if (cached) return { key, lesson: cached, problems: [], compiled: false };
  const result = await compileLesson({
    ...ref,
    key,
    file: lessonFile(index.root, ref.courseSlug, ref.lessonSlug, ref.lang),
    lessonDir: lessonDir(index.root, ref.courseSlug, ref.lessonSlug),
    hasTarget: linkTargets(index),
  });
  if (result.lesson) writeCachedLesson(cacheDir, result.lesson);
  return {
    key,
    ...(result.lesson ? { lesson: result.lesson } : {}),
    problems: result.problems,
    compiled: true,
  };
}
