import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { THROTTLE } from "~/auth/throttle.server";
import { openDatabase } from "~db/client.server";
import { TEST_PASSWORD, createTestUser, sessionCookieFor } from "../support/factories";
import { type RunningServer, copyBaseDatabase, startProductionServer } from "../support/server";

// The production server as it runs behind an HTTPS reverse proxy on this machine:
// browsers see PUBLIC_URL, the proxy talks plain http and names the client in X-Forwarded-For.
const PUBLIC_URL = "https://talent.example.edu";
let server: RunningServer;
let dbFile: string;

beforeAll(async () => {
  dbFile = copyBaseDatabase("throttle");
  server = await startProductionServer(dbFile, {
    PUBLIC_URL,
    TRUST_PROXY: "loopback",
  });
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

async function withDb<T>(work: (db: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const db = openDatabase(dbFile);
  try {
    return await work(db);
  } finally {
    db.$client.close();
  }
}

function post(p: string, fields: Record<string, string>, from: string, headers: Record<string, string> = {}) {
  return fetch(server.url + p, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Origin: PUBLIC_URL, "X-Forwarded-For": from, "Accept-Language": "en", ...headers },
    redirect: "manual",
  });
}

const signIn = (email: string, password: string, from: string) => post("/login", { email, password }, from);

describe("sign-in behind a proxy, per client address", () => {
  it("accepts posts whose Origin is PUBLIC_URL although the proxy speaks http, and refuses the server's own http origin", async () => {
    expect((await signIn("nobody@test.example.edu", "wrong password", "203.0.113.1")).status).toBe(401);
    const direct = await post("/login", { email: "a@b.cn", password: "x" }, "203.0.113.1", {
      Origin: server.url,
    });
    expect(direct.status).toBe(403);
  });

  it("locks the address that failed 10 times on an email, while the owner signs in from another address", async () => {
    const email = "owner@test.example.edu";
    await withDb((db) => createTestUser({ email }, db));
    for (let i = 0; i < THROTTLE.perPair; i++) {
      expect((await signIn(email, `guess ${i}`, "198.51.100.7")).status).toBe(401);
    }
    const blocked = await signIn(email, TEST_PASSWORD, "198.51.100.7");
    expect(blocked.status).toBe(429);
    // The page itself (not only its data) says when to come back.
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(THROTTLE.windowMs / 1000 - 60);
    expect(await blocked.text()).toContain("Too many failed sign-ins");

    const owner = await signIn(email, TEST_PASSWORD, "192.0.2.44");
    expect(owner.status).toBe(302);
    expect(owner.headers.get("set-cookie")).toMatch(/ta_session=[^;]+;/);
  }, 60_000);

  it("leaves other addresses free after a burst of failures from one address across many emails", async () => {
    const email = "bystander@test.example.edu";
    await withDb((db) => createTestUser({ email }, db));
    // More than the old global limit of 50, which every address shared as "unknown".
    for (let i = 0; i < 60; i++) {
      expect((await signIn(`spray${i}@test.example.edu`, "wrong password", "198.51.100.99")).status).toBe(
        401,
      );
    }
    expect((await signIn(email, TEST_PASSWORD, "192.0.2.45")).status).toBe(302);
  }, 120_000);

  it("throttles the current-password check on /account like sign-in", async () => {
    const cookie = await withDb(async (db) => {
      const user = await createTestUser({ email: "changer@test.example.edu", locale: "en" }, db);
      return sessionCookieFor(user.id, db);
    });
    const change = (currentPassword: string) =>
      post(
        "/account",
        {
          intent: "password",
          currentPassword,
          newPassword: "a new password 1",
          confirmPassword: "a new password 1",
        },
        "198.51.100.20",
        { Cookie: cookie },
      );
    for (let i = 0; i < THROTTLE.perPair; i++) expect((await change(`wrong ${i}`)).status).toBe(400);
    const blocked = await change(TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(blocked.headers.get("cache-control")).toBe("private, no-store");
  }, 60_000);
});
