import { createHash } from "node:crypto";
import { existsSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

/** The only files served beside lessons, and how. Anything else is never served. */
export const ASSET_TYPES: Readonly<Record<string, string>> = {
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".csv": "text/csv; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

export const FIGURE_EXTENSIONS = [".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"];

// One plain file name: no folders, no leading dot, so no traversal and no hidden files.
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type AssetLookup = { ok: true; file: string; contentType: string } | { ok: false; reason: string };

/** Resolves `name` to a servable file directly inside `lessonDir`, refusing anything else. */
export function resolveLessonAsset(lessonDir: string, name: string): AssetLookup {
  if (!ASSET_NAME.test(name) || name.includes(".."))
    return { ok: false, reason: `"${name}" is not a plain file name` };
  const contentType = ASSET_TYPES[path.extname(name).toLowerCase()];
  if (!contentType) {
    return {
      ok: false,
      reason: `"${name}" has a type that is not served (allowed: ${Object.keys(ASSET_TYPES).join(", ")})`,
    };
  }
  const file = path.join(lessonDir, name);
  if (!existsSync(file) || !statSync(file).isFile())
    return { ok: false, reason: `"${name}" does not exist beside the lesson` };
  // A symlink could point outside content/: compare real locations.
  if (path.dirname(realpathSync(file)) !== realpathSync(lessonDir)) {
    return { ok: false, reason: `"${name}" resolves outside the lesson folder` };
  }
  return { ok: true, file, contentType };
}

/** Short content hash appended to asset URLs, so they can be cached as immutable. */
export function assetVersion(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 12);
}

/** Intrinsic size of an SVG from its viewBox, so the page reserves space before it loads. */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const match =
    /<svg\b[^>]*\bviewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*["']/i.exec(svg);
  if (!match) return undefined;
  const width = Math.round(Number(match[1]));
  const height = Math.round(Number(match[2]));
  return width > 0 && height > 0 ? { width, height } : undefined;
}
