import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, copyFileSync, openSync, renameSync, writeSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

let server: RunningServer;
let dbFile: string;
let holder: ChildProcess | undefined;

beforeAll(async () => {
  dbFile = copyBaseDatabase("database");
  server = await startProductionServer(dbFile);
}, 30_000);

afterAll(async () => {
  holder?.kill();
  await server?.stop();
});

const get = (p: string) =>
  fetch(server.url + p, { headers: { "Accept-Language": "en" }, redirect: "manual" });
/** A wrong password: the server records the failure, so this post writes. */
const writePost = () =>
  fetch(`${server.url}/login`, {
    method: "POST",
    body: new URLSearchParams({ email: "writer@test.example.edu", password: "wrong password" }),
    headers: { Origin: server.url, "Accept-Language": "en" },
    redirect: "manual",
  });

/** Another process takes the write lock and keeps it for 8 s (the CLI tools or a second server may). */
function holdWriteLock(): Promise<{ child: ChildProcess; released: () => boolean }> {
  const script = `
    const db = new (require("better-sqlite3"))(${JSON.stringify(dbFile)});
    db.exec("BEGIN IMMEDIATE");
    db.prepare("insert into login_failures (email, ip, created_at) values ('lock@test', 'x', 0)").run();
    process.stdout.write("locked\\n");
    setTimeout(() => { db.exec("COMMIT"); process.stdout.write("released\\n"); db.close(); }, 8000);
  `;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      if (output.includes("locked")) resolve({ child, released: () => output.includes("released") });
    });
  });
}

describe("the database under the running server", () => {
  it("answers a write 503 with Retry-After while another process holds the lock, and keeps serving reads", async () => {
    const lock = await holdWriteLock();
    holder = lock.child;
    const [write, health, page] = await Promise.all([writePost(), get("/healthz"), get("/login")]);
    // All three answered while the other process still held the lock: nobody waited it out.
    expect(lock.released()).toBe(false);
    expect(write.status).toBe(503);
    expect(Number(write.headers.get("retry-after"))).toBeGreaterThan(0);
    const html = await write.text();
    expect(html).toContain("The system is busy");
    expect(html).toContain('lang="en"');
    expect(html).not.toMatch(/SQLITE|SqliteError/);
    expect(health.status).toBe(200);
    expect(page.status).toBe(200);
    lock.child.kill();
    await new Promise((resolve) => lock.child.once("exit", resolve));
    holder = undefined;
    expect((await writePost()).status).toBe(401);
  });

  it("says 503 on /healthz and refuses writes while the database file is moved away, and recovers when it is back", async () => {
    const moved = `${dbFile}.moved`;
    renameSync(dbFile, moved);
    try {
      expect((await get("/healthz")).status).toBe(503);
      const write = await writePost();
      expect(write.status).toBe(503);
      expect(await write.text()).toContain("your change was not applied");
      // The compute API, answered without Express on its plain paths, refuses the same way, in JSON.
      const api = await fetch(`${server.url}/api/compute/v1/holds`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      expect([api.status, api.headers.get("retry-after"), (await api.json()).error.code]).toEqual([
        503,
        "60",
        "service_unavailable",
      ]);
    } finally {
      renameSync(moved, dbFile);
    }
    expect((await get("/healthz")).status).toBe(200);
    expect((await writePost()).status).toBe(401);
  });

  it("says 503 on /healthz when another file takes the database's name", async () => {
    const original = `${dbFile}.original`;
    renameSync(dbFile, original);
    copyFileSync(path.resolve("test/.tmp/base.db"), dbFile);
    try {
      expect((await get("/healthz")).status).toBe(503);
      expect((await writePost()).status).toBe(503);
    } finally {
      renameSync(original, dbFile);
    }
    expect((await get("/healthz")).status).toBe(200);
  });

  it("says 503 on /healthz when the file is overwritten in place", async () => {
    const fd = openSync(dbFile, "r+");
    try {
      writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0);
    } finally {
      closeSync(fd);
    }
    const res = await get("/healthz");
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false });
  });
});
