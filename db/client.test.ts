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
