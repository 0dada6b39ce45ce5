import { rmSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { type Db, openDatabase } from "~db/client.server";
import { copyBaseDatabase } from "./server";

/**
 * A migrated database of the calling test file's own: copied and opened before its tests, closed
 * and removed after them. Call the returned function inside a test for the connection.
 */
export function ownDatabase(name: string): () => Db {
  let db: Db | undefined;
  let file = "";
  beforeAll(() => {
    file = copyBaseDatabase(name);
    db = openDatabase(file);
  });
  afterAll(() => {
    db?.$client.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  });
  return () => {
    if (!db) throw new Error(`ownDatabase("${name}") is open only while the file's tests run`);
    return db;
  };
}
