import path from "node:path";
import { projectRoot } from "~db/paths.server";

/*
 * Found from the project root, never the working directory: the server may start from anywhere.
 * CONTENT_ROOT serves another content folder (a test's imported curriculum); its cache and
 * manifest then live inside it, so the build's manifest of content/ is never read for it.
 * CONTENT_OUT puts them elsewhere instead (`scripts/content-build.ts --root <CONTENT_ROOT>
 * --out <CONTENT_OUT>`, the bench's generated course).
 */
const otherRoot = process.env.CONTENT_ROOT ? path.resolve(process.env.CONTENT_ROOT) : undefined;
const otherOut = process.env.CONTENT_OUT
  ? path.resolve(process.env.CONTENT_OUT)
  : otherRoot
    ? path.join(otherRoot, ".build")
    : undefined;

export const contentRoot = otherRoot ?? path.join(projectRoot, "content");
export const contentCacheDir = process.env.CONTENT_OUT
  ? path.join(otherOut as string, "cache")
  : otherRoot
    ? path.join(otherRoot, ".cache")
    : path.join(projectRoot, ".cache", "content");
export const contentManifestPath = otherOut
  ? path.join(otherOut, "content-manifest.json")
  : path.join(projectRoot, "build", "content-manifest.json");
