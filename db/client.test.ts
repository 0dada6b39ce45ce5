import { chmodSync, closeSync, mkdirSync, openSync, rmSync, statSync } from "node:fs";
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
      // A commit made while an fsync is under way waits for the next one, never for the earlier.
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
