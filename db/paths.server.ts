import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { env } from "~/utils/env.server";

/**
 * The project root, found from this module's own location (it may run from
 * `db/` through tsx or from `build/` inside the server bundle), never from the
 * working directory.
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, "package.json")) && existsSync(path.join(dir, "db", "migrations")))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const projectRoot = findProjectRoot();
export const migrationsFolder = path.join(projectRoot, "db", "migrations");

export function databasePath(): string {
  const configured = env().DATABASE_PATH;
  if (configured) return path.resolve(configured);
  return path.join(projectRoot, "data", "talent.db");
}
