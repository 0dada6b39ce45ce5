import path from "node:path";
import { projectRoot } from "~db/paths.server";

/** Found from the project root, never the working directory: the server may start from anywhere. */
export const contentRoot = path.join(projectRoot, "content");
export const contentCacheDir = path.join(projectRoot, ".cache", "content");
export const contentManifestPath = path.join(projectRoot, "build", "content-manifest.json");
