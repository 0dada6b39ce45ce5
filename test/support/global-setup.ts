import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/client.server";

/** Migrates one base database; each test worker copies it (see setup.ts). */
export default function setup() {
  const dir = path.resolve("test/.tmp");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = openDatabase(path.join(dir, "base.db"));
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.pragma("journal_mode = DELETE");
  db.$client.close();
}
