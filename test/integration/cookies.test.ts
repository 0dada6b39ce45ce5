import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

let server: RunningServer;

beforeAll(async () => {
  const dbFile = copyBaseDatabase("cookies");
  server = await startProductionServer(dbFile, {
    // A tight heap, so that a cache growing with the headers fails here (it used to end in "heap out of memory").
    HEAP_MB: "128",
  });
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

/** Resident memory of the server process, from the kernel (what an OOM killer sees). */
function rssBytes(): number {
  const status = readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) * 1024;
}

// A few KB of other cookies (analytics, a campus portal's) beside a random, forged session cookie.
const OTHER_COOKIES = Array.from(
  { length: 24 },
  (_, i) => `portal_${i}=${randomBytes(192).toString("hex")}`,
).join("; ");

async function flood(requests: number, concurrency = 16) {
  let next = 0;
  const statuses = new Map<number, number>();
  const worker = async () => {
    while (next < requests) {
      next += 1;
      const forged = `${randomBytes(32).toString("base64url")}.${randomBytes(32).toString("base64url")}`;
      const res = await fetch(`${server.url}/?_data=root`, {
        headers: { Cookie: `${OTHER_COOKIES}; ta_session=${forged}` },
        redirect: "manual",
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return statuses;
}

describe("a flood of forged session cookies", () => {
  it("is answered to the end with memory bounded: 15,000 requests with a random ta_session and KBs of other cookies", async () => {
    await flood(3_000);
    const warm = rssBytes();
    const statuses = await flood(12_000);
    // Every forged cookie reads as a visitor (the root loader runs getViewer), never an error.
    expect([...statuses.keys()]).toEqual([200]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Remembering whole headers (or slices of them) kept up to 10,000 × 10 KB; the session values alone are under 2 MB.
    expect(rssBytes() - warm).toBeLessThan(40 * 1024 * 1024);
  }, 180_000);
});
