import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type ServerBuild, createRequestHandler } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS, type Access } from "~/auth/access";
import { type RoleName, can } from "~/auth/permissions";
import { createTestUser, sessionCookieFor } from "../support/factories";

/**
 * The authorization matrix: every route in the production build's manifest ×
 * every kind of visitor, asked directly (document and `?_data=` requests, so
 * a layout cannot cover for a child that forgot to check).
 */
const SAMPLE_PARAMS: Record<string, string> = {
  course: "ai-foundations",
  lesson: "01-what-is-ai",
  token: "A".repeat(43),
  key: "unknown-key",
  code: "ZZZZ-ZZZZ",
  id: "0".repeat(32),
  "*": "no/such/thing",
};

type Who = "visitor" | RoleName;
const WHO: Who[] = ["visitor", "student", "teacher", "admin"];

let build: ServerBuild;
let handler: ReturnType<typeof createRequestHandler>;
const cookies: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  const file = path.resolve("build/index.js");
  if (!existsSync(file)) throw new Error("No production build: run `npm run build` first (npm test does).");
  build = (await import(pathToFileURL(file).href)) as ServerBuild;
  await (build.entry.module as unknown as { boot(): Promise<unknown> }).boot();
  handler = createRequestHandler(build, "production");
  for (const role of ["student", "teacher", "admin"] as const) {
    cookies[role] = await sessionCookieFor((await createTestUser({ role })).id);
  }
}, 120_000);

function fullPath(routeId: string): string {
  const segments: string[] = [];
  for (
    let route = build.routes[routeId];
    route;
    route = route.parentId ? build.routes[route.parentId] : undefined
  ) {
    if (route.path) segments.unshift(route.path);
  }
  const filled = segments.join("/").replace(/(:[\w]+|\*)/g, (token) => {
    const name = token === "*" ? "*" : token.slice(1);
    const value = SAMPLE_PARAMS[name];
    if (!value) throw new Error(`add a sample value for route parameter ${token} (route ${routeId})`);
    return value;
  });
  return `/${filled}`;
}

function allowed(access: Access, who: Who): boolean {
  if (access === "public") return true;
  if (who === "visitor") return false;
  if (access === "course-reader") return who === "admin"; // the matrix's people are in no cohort
  return access === "signed-in" ? true : can(who, access.permission);
}

async function ask(who: Who, url: string, method = "GET") {
  const headers = new Headers({ Origin: "http://localhost" });
  const cookie = cookies[who];
  if (cookie) headers.set("Cookie", cookie);
  const init: RequestInit = { method, headers };
  if (method === "POST") init.body = new URLSearchParams({ intent: "probe" });
  return handler(new Request(`http://localhost${url}`, init), {
    requestId: "matrix",
    clientIp: "127.0.0.9",
    nonce: "n",
  });
}

function sentToLogin(res: Response): boolean {
  const target = res.headers.get("Location") ?? res.headers.get("X-Remix-Redirect") ?? "";
  return target.startsWith("/login");
}

describe("authorization matrix", () => {
  it("declares every route in the manifest, and nothing else", () => {
    const routeIds = Object.keys(build.routes).sort();
    expect(
      routeIds.filter((id) => !(id in ACCESS)),
      "routes missing from app/auth/access.ts",
    ).toEqual([]);
    expect(
      Object.keys(ACCESS).filter((id) => !build.routes[id]),
      "stale entries in app/auth/access.ts",
    ).toEqual([]);
  });

  it("answers every route × visitor as declared", async () => {
    const failures: string[] = [];
    for (const [routeId, route] of Object.entries(build.routes)) {
      const access = ACCESS[routeId];
      if (!access || routeId === "root") continue;
      const url = fullPath(routeId);
      const module = build.routes[routeId]?.module as {
        loader?: unknown;
        action?: unknown;
        default?: unknown;
      };
      for (const who of WHO) {
        const ok = allowed(access, who);
        const probes: { label: string; url: string; method: string }[] = [];
        if (module.loader) {
          probes.push({ label: "data", url: `${url}?_data=${encodeURIComponent(routeId)}`, method: "GET" });
          if (module.default || !route.parentId) probes.push({ label: "document", url, method: "GET" });
        }
        if (module.action && access !== "public")
          probes.push({
            label: "action",
            url: `${url}?_data=${encodeURIComponent(routeId)}`,
            method: "POST",
          });
        for (const probe of probes) {
          const res = await ask(who, probe.url, probe.method);
          const status = res.status;
          const where = `${probe.method} ${probe.url} as ${who} (${probe.label}) → ${status}`;
          if (ok) {
            if (status === 401 || status === 403 || (who !== "visitor" && sentToLogin(res)))
              failures.push(`refused: ${where}`);
          } else if (who === "visitor") {
            const refused = probe.method === "POST" ? status === 401 : sentToLogin(res);
            if (!refused) failures.push(`not sent to sign-in: ${where}`);
          } else if (status !== 403) {
            failures.push(`not forbidden: ${where}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
