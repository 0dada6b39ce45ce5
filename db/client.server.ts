import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { databasePath, migrationsFolder } from "./paths.server";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The database or an open transaction: what a function that only queries or writes needs. */
export type Tx = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;

/** Opens a SQLite file with the pragmas the app relies on, and migrates it. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

declare global {
  // Survives module re-evaluation in development so one process keeps one connection.
  var __talentDb: { file: string; db: Db } | undefined;
}

/** The process-wide database, opened (and migrated) on first use. */
export function getDb(): Db {
  const file = databasePath();
  if (!globalThis.__talentDb || globalThis.__talentDb.file !== file) {
    globalThis.__talentDb = { file, db: openDatabase(file) };
  }
  return globalThis.__talentDb.db;
}

export function closeDb(): void {
  globalThis.__talentDb?.db.$client.close();
  globalThis.__talentDb = undefined;
}
