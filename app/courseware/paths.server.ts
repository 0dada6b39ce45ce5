import path from "node:path";
import { projectRoot } from "~db/paths.server";

/**
 * Found from the project root, never the working directory: the server may
 * start from anywhere. CONTENT_ROOT serves another content folder (a test's
 * imported curriculum); its cache and manifest then live inside it, so the
 * build's manifest of content/ is never read for it.
 */
const otherRoot = process.env.CONTENT_ROOT ? path.resolve(process.env.CONTENT_ROOT) : undefined;
export const contentRoot = otherRoot ?? path.join(projectRoot, "content");
export const contentCacheDir = otherRoot
  ? path.join(otherRoot, ".cache")
  : path.join(projectRoot, ".cache", "content");
export const contentManifestPath = otherRoot
  ? path.join(otherRoot, ".build", "content-manifest.json")
  : path.join(projectRoot, "build", "content-manifest.json");
