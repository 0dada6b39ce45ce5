import { type FileHandle, open as openFile } from "node:fs/promises";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
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

/**
 * How long the server's connection waits for another process's write lock.
 * The driver is synchronous, so this is how long the whole event loop stalls:
 * keep it short and answer "busy, try again" instead (see SQLITE_BUSY below).
 * CLI tools and tests keep SQLite's patient default below.
 */
export const SERVER_BUSY_TIMEOUT_MS = 500;
const DEFAULT_BUSY_TIMEOUT_MS = 5000;

// The files hold emails and password hashes: only the server's own user may read them.
const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;

/** Creates the data directory and an empty database file, both private, before SQLite opens it. */
function createPrivately(file: string) {
  mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR });
  if (!existsSync(file)) closeSync(openSync(file, "a", PRIVATE_FILE));
  // SQLite gives -wal and -shm the database file's mode; tighten files made before this rule.
  for (const suffix of ["", "-wal", "-shm"]) {
    try {
      if ((statSync(file + suffix).mode & 0o077) !== 0) chmodSync(file + suffix, PRIVATE_FILE);
    } catch {
      // Not there yet, or not ours to change: SQLite reports what matters when it opens.
    }
  }
}

/** Opens a SQLite file with the pragmas the app relies on, and migrates it. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") createPrivately(file);
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`busy_timeout = ${DEFAULT_BUSY_TIMEOUT_MS}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  // A write that runs inside a savepoint (every write of a batch, decision 020) keeps the pages it
  // changes in a statement journal; SQLite spills that journal to a temporary file past 64 KiB, which
  // tripled the bytes a ledger write sent to the disk. In memory it costs what the write changed.
  sqlite.pragma("temp_store = MEMORY");
  reuseStatements(sqlite);
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}

/** Compiled statements kept per connection, least recently used out first. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * Drizzle compiles every query it has not been handed as prepared, on every
 * call: SQLite's parse and plan were the largest single cost of a redemption
 * or an API write. The connection keeps the compiled statement of each SQL
 * text and hands it out again (statements are reusable; every use here runs
 * to completion synchronously). A reused statement is put back in row mode,
 * since Drizzle switches statements to raw mode and our own code may pluck.
 */
function reuseStatements(sqlite: Database.Database) {
  const compile = sqlite.prepare.bind(sqlite);
  const compiled = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = compiled.get(source);
    if (statement) {
      compiled.delete(source);
      compiled.set(source, statement);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
      return statement;
    }
    statement = compile(source);
    compiled.set(source, statement);
    if (compiled.size > STATEMENT_CACHE_SIZE) {
      const oldest = compiled.keys().next().value;
      if (oldest !== undefined) compiled.delete(oldest);
    }
    return statement;
  }) as typeof sqlite.prepare;
}

/**
 * Queries of a hot path, built once per connection and handed out again.
 * Drizzle rebuilds a query's SQL text on every call, and that cost more than
 * running it: a ledger write ran fifteen queries and spent most of its 2 ms
 * building them. Build with `.prepare()` and `sql.placeholder(name)`, then run
 * with the values. A placeholder in a WHERE clause is bound as given (no
 * column encoding), so timestamps go there as epoch milliseconds; in INSERT
 * values and SET they are encoded like any value (pass a Date).
 * The same statements serve the connection and its transactions (one session).
 */
export function perConnection<T>(build: (db: Tx) => T): (db: Tx) => T {
  const built = new WeakMap<object, T>();
  return (db) => {
    const session = (db as unknown as { session: object }).session;
    let found = built.get(session);
    if (found === undefined) {
      found = build(db);
      built.set(session, found);
    }
    return found;
  };
}

interface OpenDb {
  file: string;
  db: Db;
  /** The file the connection holds, by device and inode: a moved or replaced file has another. */
  identity: { dev: number; ino: number } | null;
  /** A read-only descriptor of the file opened, for databaseFileProblem's header check. */
  headerFd: number | null;
}

declare global {
  // Survives module re-evaluation in development so one process keeps one connection.
  var __talentDb: OpenDb | undefined;
}

function identityOf(file: string) {
  if (file === ":memory:") return null;
  const { dev, ino } = statSync(file);
  return { dev, ino };
}

/** The process-wide database, opened (and migrated) on first use. */
export function getDb(): Db {
  const file = databasePath();
  if (!globalThis.__talentDb || globalThis.__talentDb.file !== file) {
    const db = openDatabase(file);
    const identity = identityOf(file);
    globalThis.__talentDb = { file, db, identity, headerFd: identity ? openSync(file, "r") : null };
  }
  return globalThis.__talentDb.db;
}

export function closeDb(): void {
  globalThis.__talentDb?.db.$client.close();
  const fd = globalThis.__talentDb?.headerFd;
  if (fd !== null && fd !== undefined) closeSync(fd);
  closeWalHandles();
  globalThis.__talentDb = undefined;
}

const SQLITE_MAGIC = "SQLite format 3\u0000";

/**
 * Why the open database can no longer be trusted, or null when it can. SQLite
 * keeps writing into a file that was moved or deleted (lost at the next start)
 * and serves cached pages of a file overwritten in place, so ask the file
 * system: does the configured path still name the file we hold, and does it
 * still start like a SQLite database?
 */
export function databaseFileProblem(): string | null {
  const open = globalThis.__talentDb;
  if (!open?.identity) return null;
  let now: { dev: number; ino: number };
  try {
    now = identityOf(open.file) ?? open.identity;
  } catch {
    return "database file is missing";
  }
  if (now.dev !== open.identity.dev || now.ino !== open.identity.ino) {
    return "database path names another file than the one the server opened";
  }
  // The path still names the file we opened, so the descriptor held since then reads what it holds
  // now (overwritten or truncated in place included): one read, no open and close per write request.
  const header = Buffer.alloc(SQLITE_MAGIC.length);
  try {
    if (open.headerFd === null) return null;
    readSync(open.headerFd, header, 0, header.length, 0);
  } catch {
    return "database file cannot be read";
  }
  return header.toString("latin1") === SQLITE_MAGIC ? null : "database file is not a SQLite database";
}

/** SQLite could not get the lock in time: another process is writing. Worth a retry, not a 500. */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code === "SQLITE_BUSY" || code.startsWith("SQLITE_BUSY_"));
}

/**
 * One immediate transaction for writes that must survive a power cut once
 * acknowledged: the compute ledger. It commits like every other write
 * (`synchronous = NORMAL`: the WAL is written, not yet fsynced) and is marked
 * as owed to the disk; whoever acknowledges it awaits `whenDurable()` first,
 * which fsyncs the WAL once for every ledger commit made so far (a group
 * commit: one fsync covers all the requests that committed meanwhile). The
 * server does that before sending any response (scripts/server/remix-handler.ts);
 * the CLI before it reports. See docs/decisions/015-durable-ledger-commits.md.
 */
export function durableTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  const result = immediateTransaction(db, fn);
  const file = db.$client.name;
  committed += 1;
  if (file && file !== ":memory:") walCommits.set(`${file}-wal`, committed);
  return result;
}

/**
 * `db.transaction(fn, { behavior: "immediate" })` for the hot write paths (ledger writes, reading time):
 * the driver's own transaction function, made once per connection. Drizzle's makes a new transaction
 * object and a new driver wrapper for every call, a measurable share of a small write. Queries run on
 * the connection itself, so `db` is the transaction (nested calls become savepoints, as in Drizzle).
 */
export function immediateTransaction<T>(db: Db, fn: (tx: Tx) => T): T {
  let run = immediateRunners.get(db.$client);
  if (!run) {
    run = db.$client.transaction((work: (tx: Tx) => unknown) => work(db));
    immediateRunners.set(db.$client, run);
  }
  return run.immediate(fn) as T;
}

/**
 * The writes of one turn of the event loop, run together in one transaction (a group commit).
 * Each still runs alone and in order, inside its own savepoint: one that throws is undone and gets
 * its error, the others go on. The batch pays for one BEGIN and one COMMIT, and a page its writes
 * share (the same row, the growing end of an index) reaches the WAL once, not once per request.
 * The promise settles after the batch committed; a commit that fails rejects every write of the
 * batch (none of them stayed).
 * See docs/decisions/020-one-transaction-per-turn.md.
 */
export function queueWrite<T>(db: Db, work: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let queue = writeQueues.get(db.$client);
    if (!queue) {
      queue = [];
      writeQueues.set(db.$client, queue);
    }
    queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
    if (queue.length === 1) setImmediate(flushWrites, db);
  });
}

interface QueuedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}
const writeQueues = new WeakMap<Database.Database, QueuedWrite[]>();

function flushWrites(db: Db) {
  const queue = writeQueues.get(db.$client) ?? [];
  writeQueues.delete(db.$client);
  const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
  try {
    immediateTransaction(db, () => {
      for (const item of queue) {
        try {
          outcomes.push({ ok: true, value: immediateTransaction(db, item.work) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
  } catch (error) {
    for (const item of queue) item.reject(error);
    return;
  }
  queue.forEach((item, i) => {
    const outcome = outcomes[i];
    if (outcome?.ok) item.resolve(outcome.value);
    else item.reject(outcome?.error);
  });
}

const immediateRunners = new WeakMap<
  Database.Database,
  Database.Transaction<(work: (tx: Tx) => unknown) => unknown>
>();
let committed = 0;
let synced = 0;
let fsyncs = 0;
/** Each WAL with ledger commits, and the number of its newest one (dropped once that is on disk). */
const walCommits = new Map<string, number>();
/** The fsyncs under way, each with the ledger commits it covers (every one made before it began). */
const syncsUnderWay = new Set<{ upTo: number; done: Promise<void> }>();

/**
 * Resolves once every ledger commit made before the call is on disk (the WAL fsynced). One fsync
 * serves every commit made before it began; a commit made after that starts its own at once
 * instead of queueing behind it, so a batch's answers wait for one fsync, never two.
 */
export async function whenDurable(): Promise<void> {
  const target = committed;
  if (synced >= target) return;
  for (const sync of syncsUnderWay) if (sync.upTo >= target) return sync.done;
  const upTo = committed;
  const files = [...walCommits].filter(([, newest]) => newest > synced).map(([file]) => file);
  const sync = {
    upTo,
    done: syncWals(files).then(() => {
      synced = Math.max(synced, upTo);
      for (const [file, newest] of walCommits) if (newest <= synced) walCommits.delete(file);
    }),
  };
  syncsUnderWay.add(sync);
  // Whoever awaits `done` sees its failure; the commits stay owed, so the next call fsyncs again.
  void sync.done.then(
    () => syncsUnderWay.delete(sync),
    () => syncsUnderWay.delete(sync),
  );
  return sync.done;
}

/** How the group commit is doing: ledger commits made, commits known on disk, fsyncs done. */
export function durability() {
  return { committed, synced, fsyncs };
}

async function syncWals(files: string[]) {
  for (const file of files) {
    const handle = await walHandle(file);
    // No WAL any more: the last connection checkpointed it into the database file and synced that.
    if (!handle) continue;
    // fsync flushes the file's pages whichever descriptor wrote them: SQLite's own writes included.
    await handle.sync().catch(async (error: unknown) => {
      // Closed meanwhile (the database closed, the handle evicted): once more, on the current one.
      const current = await walHandle(file);
      if (current === handle) throw error;
      await current?.sync();
    });
    fsyncs += 1;
  }
}

/**
 * A WAL file kept open for its fsyncs: one trip to the thread pool per group commit instead of three
 * (open, fsync, close), each of which waited for the event loop between two batches of writes. The
 * path is checked against the handle's file on every use; a WAL deleted or replaced (the last
 * connection closed it) is opened again. While the handle is open its inode cannot be reused.
 */
const walHandles = new Map<string, Promise<{ handle: FileHandle; dev: number; ino: number } | null>>();
/** A process serves one database; tests open many, one after the other: keep the newest few open. */
const WAL_HANDLES_KEPT = 4;

async function walHandle(file: string): Promise<FileHandle | null> {
  let now: { dev: number; ino: number } | null;
  try {
    now = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    now = null;
  }
  const opening = walHandles.get(file);
  const held = opening ? await opening.catch(() => null) : null;
  // Another sync may have replaced it meanwhile: only the one still in the map is ours to judge.
  if (walHandles.get(file) !== opening) return walHandle(file);
  if (held && now && held.dev === now.dev && held.ino === now.ino) return held.handle;
  walHandles.delete(file);
  // A FileHandle closes after the operations under way on it (another sync's fsync).
  if (held) void held.handle.close().catch(() => undefined);
  if (!now) return null;
  const opened = openWal(file);
  walHandles.set(file, opened);
  for (const [oldest, old] of walHandles) {
    if (walHandles.size <= WAL_HANDLES_KEPT) break;
    walHandles.delete(oldest);
    void old.then((h) => h?.handle.close()).catch(() => undefined);
  }
  return (await opened)?.handle ?? null;
}

async function openWal(file: string) {
  const handle = await openFile(file, "r").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (!handle) return null;
  const { dev, ino } = await handle.stat();
  return { handle, dev, ino };
}

function closeWalHandles() {
  // A FileHandle closes after the operations under way on it.
  for (const opened of walHandles.values()) void opened.then((h) => h?.handle.close()).catch(() => undefined);
  walHandles.clear();
}
