import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PIPELINE_FINGERPRINT } from "./cache.server";
import type { ContentIndex } from "./content-index.server";

/**
 * What `npm run build` compiled: the content index and the cache key of every
 * lesson file. A production server starts from it instead of re-reading content/.
 */
export interface ContentManifest {
  pipeline: string;
  builtAt: string;
  courses: ContentIndex["courses"];
  /** variantId (`course/lesson/lang`) → cache key */
  keys: Record<string, string>;
}

export function writeManifest(file: string, index: ContentIndex, keys: Record<string, string>): void {
  const manifest: ContentManifest = {
    pipeline: PIPELINE_FINGERPRINT,
    builtAt: new Date().toISOString(),
    courses: index.courses,
    keys,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(manifest));
}

/** The manifest, or undefined when there is none or it was built by another pipeline version. */
export function readManifest(file: string): ContentManifest | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as ContentManifest;
    return manifest.pipeline === PIPELINE_FINGERPRINT ? manifest : undefined;
  } catch {
    return undefined;
  }
}
