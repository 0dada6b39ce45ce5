import { readFile } from "node:fs/promises";
import path from "node:path";
import { assetVersion, resolveLessonAsset } from "./assets.server";
import { findLesson, lessonDir } from "./content-index.server";
import { getContentIndex } from "./store.server";

export interface LessonAsset {
  name: string;
  contentType: string;
  bytes: Buffer;
  version: string;
}

/**
 * `<course>/<lesson>/<file>` → a file beside a published lesson. The course and
 * lesson must be in the index (so the folders come from there, not from the
 * URL) and the file must be a plain name of a served type inside that folder.
 */
export async function findLessonAsset(splat: string): Promise<LessonAsset | undefined> {
  const segments = splat.split("/");
  const [courseSlug, lessonSlug, name] = segments;
  if (segments.length !== 3 || !courseSlug || !lessonSlug || !name) return undefined;
  const index = await getContentIndex();
  const found = findLesson(index, courseSlug, lessonSlug);
  if (!found) return undefined;
  const asset = resolveLessonAsset(lessonDir(index.root, found.course.slug, found.lesson.slug), name);
  if (!asset.ok) return undefined;
  const bytes = await readFile(asset.file);
  return {
    name: path.basename(asset.file),
    contentType: asset.contentType,
    bytes,
    version: assetVersion(bytes),
  };
}
