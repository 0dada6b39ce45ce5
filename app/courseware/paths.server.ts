import path from "node:path";
import { projectRoot } from "~db/paths.server";

/*
 * Found from the project root, never the working directory: the server may start from anywhere.
 * CONTENT_ROOT and CONTENT_OUT point a server at another content tree built with
 * `scripts/content-build.ts --root <CONTENT_ROOT> --out <CONTENT_OUT>` (the bench's generated course).
 */
const otherRoot = process.env.CONTENT_ROOT;
const otherOut = process.env.CONTENT_OUT;

export const contentRoot = otherRoot ? path.resolve(otherRoot) : path.join(projectRoot, "content");
export const contentCacheDir = otherOut
  ? path.join(path.resolve(otherOut), "cache")
  : path.join(projectRoot, ".cache", "content");
export const contentManifestPath = otherOut
  ? path.join(path.resolve(otherOut), "content-manifest.json")
  : path.join(projectRoot, "build", "content-manifest.json");
