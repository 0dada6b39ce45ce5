import { request as httpRequest } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { openDatabase } from "~db/client.server";
import { joinCohort } from "~/models/enrolment.server";
import { createTestCohort } from "../support/cohorts";
import { createTestUser, sessionCookieFor } from "../support/factories";
import {
  type RunningServer,
  startExpectingFailure,
  copyBaseDatabase,
  startProductionServer,
} from "../support/server";

const SECRET = process.env.SESSION_SECRET ?? "";
let server: RunningServer;
let dbFile: string;

beforeAll(async () => {
  dbFile = copyBaseDatabase("server");
  server = await startProductionServer(dbFile, {
    SESSION_SECRET: SECRET,
    // Access lines are what leaked reset tokens: keep them on here.
    ACCESS_LOG: "1",
  });
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

const get = (p: string, headers: Record<string, string> = {}) =>
  fetch(server.url + p, { headers, redirect: "manual" });
const post = (p: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(server.url + p, { method: "POST", body, headers, redirect: "manual" });

/** A request whose path goes out byte for byte: fetch would resolve `..` before sending. */
function rawPost(
  rawPath: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const body = "name=x";
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: server.port,
        method: "POST",
        path: rawPath,
        headers: {
          ...headers,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": String(body.length),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("the production server", () => {
  it("answers /healthz with ok", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("sends the security headers on every response", async () => {
    // The API's plain paths are answered without Express, another spelling of them through it.
    const paths = ["/", "/login", "/healthz", "/favicon.ico", "/no-such-page"];
    for (const p of [...paths, "/api/compute/v1/holds", "/api/compute/v1//holds"]) {
      const res = await get(p);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, p).toMatch(/frame-ancestors 'none'/);
      expect(csp, p).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
      expect(res.headers.get("x-content-type-options"), p).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), p).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-request-id"), p).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("puts the response's nonce on every inline script", async () => {
    const res = await get("/login");
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) if (!/\ssrc=/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it("refuses posts from another origin", async () => {
    const res = await post("/login", new URLSearchParams({ email: "a@b.cn", password: "x" }), {
      Origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("请求来源无效");
  });

  it("refuses cross-origin posts on every path, however the path is spelled: 403, never 500", async () => {
    const paths = [
      "/api/compute/../../admin/universities",
      "/api/compute/%2e%2e/%2e%2e/admin/universities",
      "/api/compute/%2E%2E/%2E%2E/admin/universities",
      "/api/compute/..%2f..%2fadmin/universities",
      // The signed compute API is the one exemption (decision 016), but not when a path only looks like it.
      "/api/compute/v1/../../admin/universities",
      "/api/compute/v1/%2e%2e/%2e%2e/admin/universities",
      "/api/compute/v1//../../../admin/universities",
      "//api/compute/v1/holds",
      "//admin/universities",
      "/admin/./universities",
    ];
    for (const p of paths) {
      const foreign = await rawPost(p, { Origin: "https://evil.example" });
      expect(foreign.status, p).toBe(403);
      // Without an Origin (not a browser) the path reaches routing and is refused there, still not a 500.
      const bare = await rawPost(p, {});
      expect(bare.status, p).toBeLessThan(500);
    }
    // The API itself answers a foreign Origin by its signature: 401 JSON, not the 403 page.
    const api = await rawPost("/api/compute/v1/holds", { Origin: "https://evil.example" });
    expect(api.status).toBe(401);
  });

  it("in production sends Strict-Transport-Security, and keeps signed-in pages out of caches", async () => {
    const visitor = await get("/courses");
    expect(visitor.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    expect(visitor.headers.get("cache-control") ?? "").not.toMatch(/no-store/);
    const db = openDatabase(dbFile);
    const cookie = await sessionCookieFor(
      (await createTestUser({ email: "private@test.example.edu" }, db)).id,
      db,
    );
    db.$client.close();
    for (const p of ["/account", "/courses?_data=root", "/account?_data=routes%2Faccount"]) {
      const res = await get(p, { Cookie: cookie });
      expect(res.status, p).toBe(200);
      expect(res.headers.get("cache-control"), p).toBe("private, no-store");
    }
    // A page-cached document holds nothing personal: private, and revalidated by its ETag.
    const catalogue = await get("/courses", { Cookie: cookie });
    expect(catalogue.headers.get("cache-control")).toBe("private, no-cache");
    const reset = await get(`/reset/${"x".repeat(43)}`);
    expect(reset.headers.get("cache-control")).toBe("private, no-store");
  });

  it("keeps reset tokens and secret query values out of the log", async () => {
    const token = "Zq7TokenThatMustNeverBeLogged0123456789abcd";
    await get(`/reset/${token}`);
    await get(`/reset/${token}?_data=routes%2Freset.%24token`);
    await get(`/login?token=${token}x&code=${token}y&lang=en`);
    await post(`/reset/${token}`, new URLSearchParams({ password: "x", confirm: "y" }), {
      Origin: server.url,
    });
    // Log lines are written after the response: wait for the last request's line, not a fixed time.
    await expect.poll(() => server.output()).toContain("token=[redacted]");
    const output = server.output();
    expect(output).toContain("/reset/[redacted]");
    expect(output).toContain("token=[redacted]");
    expect(output).not.toContain("Zq7Token");
  });

  it("logs a bad `_data` request with what was wrong, not [object Object]", async () => {
    const res = await get("/courses?_data=routes%2Fno-such-route");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const failedLine = () =>
      server
        .output()
        .split("\n")
        .find((l) => l.includes(res.headers.get("x-request-id") ?? "-") && l.includes('"request failed"'));
    await expect.poll(failedLine).toBeDefined();
    const line = failedLine();
    expect(line).not.toContain("[object Object]");
    expect(line).toMatch(/"status":40\d/);
  });

  it("refuses bodies over 1 MB with 413, in the visitor's language", async () => {
    const res = await post("/login", "x".repeat(1024 * 1024 + 1), {
      "Content-Type": "application/x-www-form-urlencoded",
      "Accept-Language": "en",
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("too large");
  });

  it("answers malformed bodies and URLs with 400, not 500", async () => {
    const form = await post("/login", "--x\r\ngarbage", {
      "Content-Type": "multipart/form-data; boundary=zzz",
      Origin: server.url,
    });
    expect(form.status).toBe(400);
    const url = await get("/%E0%A4%A");
    expect(url.status).toBe(400);
  });

  it("shows a 404 page in the visitor's language without internals", async () => {
    const res = await get("/no-such-page", { "Accept-Language": "en-GB,en;q=0.9" });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('lang="en"');
    expect(html).toContain("Page not found");
  });

  it("serves a lesson from the page cache: the same bytes for every student, scripts allowed by hash, compressed, revalidated", async () => {
    const db = openDatabase(dbFile);
    const cookies: string[] = [];
    // Lessons are for the course's cohorts: both students are in one.
    const cohort = createTestCohort({ courseId: "ai-foundations" }, db);
    for (const email of ["cache-a@test.example.edu", "cache-b@test.example.edu"]) {
      const student = await createTestUser({ email }, db);
      joinCohort(db, student.id, cohort.joinCode);
      cookies.push(await sessionCookieFor(student.id, db));
    }
    db.$client.close();
    const lesson = "/courses/ai-foundations/01-what-is-ai";
    const [a, b] = await Promise.all(cookies.map((Cookie) => get(lesson, { Cookie })));
    expect(a?.status).toBe(200);
    const [htmlA, htmlB] = await Promise.all([a?.text(), b?.text()]);
    expect(htmlA).toBe(htmlB);
    expect(htmlA).not.toContain("cache-a@");
    const csp = a?.headers.get("content-security-policy") ?? "";
    for (const match of (htmlA ?? "").matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      if (/\ssrc=/.test(match[1] ?? "")) continue;
      expect(csp).toContain(
        `'sha256-${createHash("sha256")
          .update(match[2] ?? "")
          .digest("base64")}'`,
      );
    }
    expect(csp).not.toContain("nonce-");

    // Compression happens off the request path: ask until the compressed copy is there.
    const gzipped = () => get(lesson, { Cookie: cookies[0] ?? "", "Accept-Encoding": "gzip" });
    await expect.poll(async () => (await gzipped()).headers.get("content-encoding")).toBe("gzip");
    const gz = await gzipped();
    expect(await gz.text()).toBe(htmlA);
    const etag = a?.headers.get("etag") ?? "";
    const again = await get(lesson, { Cookie: cookies[1] ?? "", "If-None-Match": etag });
    expect(again.status).toBe(304);

    // The cache never skips the loader: a visitor without a session is still sent to sign in.
    const visitor = await get(lesson);
    expect(visitor.status).toBe(302);
  });

  it("answers a burst of page requests in turn, and clients that leave while waiting do not wedge the queue", async () => {
    const controllers = Array.from({ length: 40 }, () => new AbortController());
    const requests = controllers.map(async (controller) => {
      try {
        const res = await fetch(`${server.url}/courses`, { signal: controller.signal });
        return { status: res.status, html: (await res.text()).includes("</html>") };
      } catch (error) {
        return { status: 0, html: false, aborted: (error as Error).name === "AbortError" };
      }
    });
    // Every third client gives up while most of the burst is still waiting for its turn.
    await new Promise((resolve) => setTimeout(resolve, 5));
    controllers.forEach((controller, i) => {
      if (i % 3 === 0) controller.abort();
    });
    const answers = await Promise.all(requests);
    const stayed = answers.filter((_, i) => i % 3 !== 0);
    expect(stayed.every((answer) => answer.status === 200 && answer.html)).toBe(true);
    expect(answers.filter((_, i) => i % 3 === 0).every((a) => a.status === 200 || "aborted" in a)).toBe(true);
    // The places of the ones that left were given back: the next request is answered as usual.
    const after = await get("/courses");
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("</html>");
  });

  it("logs a failure's detail but shows the person only a message and the request id", async () => {
    // Break the database under the running server: its next query fails for real.
    const db = openDatabase(dbFile);
    db.$client.exec("DROP TABLE login_failures");
    db.$client.close();
    const res = await post(
      "/login",
      new URLSearchParams({ email: "someone@example.edu", password: "whatever" }),
      {
        Origin: server.url,
      },
    );
    expect(res.status).toBe(500);
    const html = await res.text();
    const requestId = res.headers.get("x-request-id") ?? "";
    expect(html).toContain(requestId);
    expect(html).not.toMatch(/login_failures|SqliteError|at [\w.]+ \(|node_modules/);
    await expect.poll(() => server.output()).toContain(requestId);
    expect(server.output()).toMatch(/no such table: login_failures/);
  });
});

describe("start-up", () => {
  it("refuses to start in production without SESSION_SECRET, saying why", async () => {
    const { code, output } = await startExpectingFailure({
      APP_MODE: "",
      NODE_ENV: "production",
      SESSION_SECRET: "",
      DATABASE_PATH: path.resolve(`test/.tmp/nosecret-${process.pid}.db`),
    });
    expect(code).toBe(1);
    expect(output).toContain("SESSION_SECRET is not set");
  }, 30_000);

  it("refuses to start in production without PUBLIC_URL, saying why", async () => {
    const { code, output } = await startExpectingFailure({
      APP_MODE: "",
      NODE_ENV: "production",
      SESSION_SECRET: SECRET,
      PUBLIC_URL: "",
      DATABASE_PATH: path.resolve(`test/.tmp/nopublic-${process.pid}.db`),
    });
    expect(code).toBe(1);
    expect(output).toContain("PUBLIC_URL is not set");
  }, 30_000);

  it("refuses a malformed setting, naming it", async () => {
    const { code, output } = await startExpectingFailure({
      APP_MODE: "demo",
      PORT: "not-a-port",
      DATABASE_PATH: path.resolve(`test/.tmp/badenv-${process.pid}.db`),
    });
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid environment: PORT/);
  }, 30_000);
});
