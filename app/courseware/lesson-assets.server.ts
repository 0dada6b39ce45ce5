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

// Figures are hand-written SVG: even so, opened on their own they may not run script or load anything.
export const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/**
 * The response for an asset: its own type, never sniffed; SVG sandboxed;
 * anything that is not an image downloaded rather than shown; immutable
 * when asked for by its content hash, as lesson HTML always does.
 */
export function lessonAssetResponse(request: Request, asset: LessonAsset): Response {
  const etag = `"${asset.version}"`;
  const versioned = new URL(request.url).searchParams.get("v") === asset.version;
  const headers = new Headers({
    "Content-Type": asset.contentType,
    "X-Content-Type-Options": "nosniff",
    ETag: etag,
    "Cache-Control": versioned ? "private, max-age=31536000, immutable" : "private, no-cache",
  });
  if (asset.contentType.startsWith("image/svg")) headers.set("Content-Security-Policy", SVG_POLICY);
  if (!asset.contentType.startsWith("image/"))
    headers.set("Content-Disposition", `attachment; filename="${asset.name}"`);
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(asset.bytes), { status: 200, headers });
}
