import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
} from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client.server";

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe("database files", () => {
  it("are created readable by the server's user only: data dir 0700, db, -wal and -shm 0600", () => {
    const dir = path.resolve(`test/.tmp/modes-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const file = path.join(dir, "data", "talent.db");
    const db = openDatabase(file);
    try {
      db.$client.exec("create table probe (x); insert into probe values (1);");
      expect(modeOf(path.dirname(file))).toBe(0o700);
      for (const name of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(name), name).toBe(0o600);
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("tightens a world-readable database made before this rule", () => {
    const dir = path.resolve(`test/.tmp/modes-old-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "talent.db");
    closeSync(openSync(file, "w"));
    chmodSync(file, 0o644);
    const db = openDatabase(file);
    try {
      expect(modeOf(file)).toBe(0o600);
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("ledger commits (group commit)", () => {
  it("are owed to the disk until whenDurable, and one fsync covers every commit made before it started", async () => {
    const { durability, durableTransaction, whenDurable } = await import("./client.server");
    const dir = path.resolve(`test/.tmp/durable-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const db = openDatabase(path.join(dir, "talent.db"));
    try {
      db.$client.exec("create table ledger (minutes integer not null)");
      await whenDurable();
      const before = durability();
      for (let i = 0; i < 20; i++)
        durableTransaction(db, () => db.$client.exec("insert into ledger values (1)"));
      expect(durability().committed - before.committed).toBe(20);
      expect(durability().synced).toBe(before.synced);
      // Twenty requests waiting at once share one fsync.
      await Promise.all(Array.from({ length: 20 }, () => whenDurable()));
      expect(durability().fsyncs - before.fsyncs).toBe(1);
      expect(durability().synced).toBe(durability().committed);
      // A commit made while an fsync is under way gets its own at once: the earlier one may not cover it.
      durableTransaction(db, () => db.$client.exec("insert into ledger values (1)"));
      const first = whenDurable();
      durableTransaction(db, () => db.$client.exec("insert into ledger values (1)"));
      const second = whenDurable();
      await Promise.all([first, second]);
      expect(durability().fsyncs - before.fsyncs).toBe(3);
      expect(durability().synced).toBe(durability().committed);
      // Nothing owed: no fsync at all.
      await whenDurable();
      expect(durability().fsyncs - before.fsyncs).toBe(3);
      expect(db.$client.prepare("select count(*) as n from ledger").get()).toEqual({ n: 22 });
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the WAL's fsync handle", () => {
  it("follows the WAL file: closed and opened again, the database's new WAL is fsynced, not the old one's", async () => {
    const { durability, durableTransaction, whenDurable } = await import("./client.server");
    const dir = path.resolve(`test/.tmp/wal-handle-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const file = path.join(dir, "talent.db");
    const write = async (db: ReturnType<typeof openDatabase>) => {
      durableTransaction(db, () => db.$client.exec("insert into ledger values (1)"));
      const before = durability().fsyncs;
      await whenDurable();
      expect(durability().fsyncs - before).toBe(1);
      expect(durability().synced).toBe(durability().committed);
    };
    let db = openDatabase(file);
    try {
      db.$client.exec("create table ledger (minutes integer not null)");
      await write(db);
      const first = statSync(`${file}-wal`).ino;
      // The last connection's close checkpoints the WAL into the database file and deletes it.
      db.$client.close();
      expect(existsSync(`${file}-wal`)).toBe(false);
      db = openDatabase(file);
      await write(db);
      expect(statSync(`${file}-wal`).ino).not.toBe(first);
      // The handle on the deleted WAL was let go (its close completes after the fsync's turn).
      await new Promise((resolve) => setTimeout(resolve, 50));
      const open = readdirSync("/proc/self/fd").map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return "";
        }
      });
      expect(open.filter((target) => target === `${file}-wal (deleted)`)).toEqual([]);
      expect(open.filter((target) => target === `${file}-wal`).length).toBeGreaterThanOrEqual(2);
      expect(db.$client.prepare("select count(*) as n from ledger").get()).toEqual({ n: 2 });
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("writes of one turn (queueWrite)", () => {
  const scratchDb = (name: string) => {
    const dir = path.resolve(`test/.tmp/${name}-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const file = path.join(dir, "talent.db");
    const db = openDatabase(file);
    db.$client.exec("create table t (n integer not null); create table side (n integer not null)");
    const done = () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { db, file, done };
  };
  /** WAL frames written since the last checkpoint: one commit of one small page is one frame. */
  const walFrames = (db: ReturnType<typeof openDatabase>) =>
    (db.$client.pragma("wal_checkpoint(PASSIVE)") as { log: number }[])[0]?.log ?? 0;

  it("run in order in one transaction, each in its own savepoint: one that throws is undone alone", async () => {
    const { queueWrite } = await import("./client.server");
    const { db, done } = scratchDb("batch");
    try {
      db.$client.pragma("wal_checkpoint(TRUNCATE)");
      const insert = db.$client.prepare("insert into t values (?)");
      const results = Array.from({ length: 20 }, (_, i) =>
        queueWrite(db, () => {
          insert.run(i);
          if (i === 7) throw new Error("seven fails after writing");
          return i * 10;
        }),
      );
      const outcomes = await Promise.allSettled(results);
      expect(outcomes[7]).toMatchObject({
        status: "rejected",
        reason: { message: "seven fails after writing" },
      });
      expect(outcomes.filter((o) => o.status === "fulfilled").map((o) => o.value)).toEqual(
        Array.from({ length: 20 }, (_, i) => i * 10).filter((v) => v !== 70),
      );
      const rows = db.$client.prepare("select n from t order by rowid").pluck().all();
      expect(rows).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((n) => n !== 7));
      // Nineteen inserts into one page, committed once: one frame for it (and the header page), not nineteen.
      const batched = walFrames(db);
      expect(batched).toBeLessThanOrEqual(3);
      // The same writes one transaction each: a frame each.
      db.$client.pragma("wal_checkpoint(TRUNCATE)");
      for (let i = 0; i < 19; i++) db.transaction(() => insert.run(i), { behavior: "immediate" });
      expect(walFrames(db)).toBeGreaterThanOrEqual(19);
      // A later turn is a new batch.
      await expect(queueWrite(db, () => insert.run(99).changes)).resolves.toBe(1);
    } finally {
      done();
    }
  });

  it("reject every write of the batch, and keep none, when the batch cannot commit", async () => {
    const { queueWrite } = await import("./client.server");
    const { db, file, done } = scratchDb("batch-busy");
    const other = openDatabase(file);
    try {
      db.$client.pragma("busy_timeout = 20");
      // Another process holds the write lock for longer than the busy timeout.
      other.$client.exec("begin immediate; insert into side values (1)");
      const outcomes = await Promise.allSettled(
        [1, 2, 3].map((n) => queueWrite(db, () => db.$client.prepare("insert into t values (?)").run(n))),
      );
      expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
      expect(outcomes[0]).toMatchObject({ reason: { code: "SQLITE_BUSY" } });
      other.$client.exec("rollback");
      expect(db.$client.prepare("select count(*) from t").pluck().get()).toBe(0);
      // The lock is free again: the next turn's writes go through.
      await queueWrite(db, () => db.$client.prepare("insert into t values (4)").run());
      expect(db.$client.prepare("select n from t").pluck().all()).toEqual([4]);
    } finally {
      other.$client.close();
      done();
    }
  });
});

describe("compiled statements", () => {
  it("are reused per SQL text and handed back in row mode whoever used them last", () => {
    const dir = path.resolve(`test/.tmp/statements-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const db = openDatabase(path.join(dir, "talent.db"));
    try {
      db.$client.exec("create table t (a integer, b text); insert into t values (1, 'x')");
      const first = db.$client.prepare("select a, b from t");
      expect(db.$client.prepare("select a, b from t")).toBe(first);
      expect(first.raw().get()).toEqual([1, "x"]);
      expect(db.$client.prepare("select a, b from t").get()).toEqual({ a: 1, b: "x" });
      expect(db.$client.prepare("select a, b from t").pluck().get()).toBe(1);
      expect(db.$client.prepare("select a, b from t").all()).toEqual([{ a: 1, b: "x" }]);
      // Writes go through the same cache and still change what they should.
      db.$client.prepare("insert into t values (?, ?)").run(2, "y");
      db.$client.prepare("insert into t values (?, ?)").run(3, "z");
      expect(db.$client.prepare("select count(*) as n from t").get()).toEqual({ n: 3 });
    } finally {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
