import { type ServerBuild, createRequestHandler } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS, type Access } from "~/auth/access";
import { type RoleName, can } from "~/auth/permissions";
import { createTestUser, sessionCookieFor } from "../support/factories";
import { loadBuild, moduleOf, routeUrl } from "../support/routes";

/**
 * The authorization matrix: every route in the production build's manifest ×
 * every kind of visitor, asked directly (document and `?_data=` requests, so
 * a layout cannot cover for a child that forgot to check).
 */
type Who = "visitor" | RoleName;
const WHO: Who[] = ["visitor", "student", "teacher", "admin"];

let build: ServerBuild;
let handler: ReturnType<typeof createRequestHandler>;
const cookies: Partial<Record<Who, string>> = {};
const userIds: Partial<Record<Who, number>> = {};

beforeAll(async () => {
  build = await loadBuild();
  await (build.entry.module as unknown as { boot(): Promise<unknown> }).boot();
  handler = createRequestHandler(build, "production");
  for (const role of ["student", "teacher", "admin"] as const) {
    userIds[role] = (await createTestUser({ role })).id;
    cookies[role] = await sessionCookieFor(userIds[role]);
  }
}, 120_000);

function fullPath(routeId: string): string {
  return routeUrl(build, routeId);
}

function allowed(access: Access, who: Who): boolean {
  if (access === "public") return true;
  if (access === "signed-api") return false;
  if (who === "visitor") return false;
  if (access === "course-reader") return who === "admin"; // the matrix's people are in no cohort
  return access === "signed-in" ? true : can(who, access.permission);
}

async function ask(who: Who, url: string, method = "GET") {
  const headers = new Headers({ Origin: "http://localhost" });
  // A post may end its session (sign-out): each gets a session of its own.
  const id = userIds[who];
  const cookie = method === "POST" && id ? await sessionCookieFor(id) : cookies[who];
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
      const module = moduleOf(build, routeId);
      for (const who of WHO) {
        const ok = allowed(access, who);
        const probes: { label: string; url: string; method: string }[] = [];
        if (module.loader) {
          probes.push({ label: "data", url: `${url}?_data=${encodeURIComponent(routeId)}`, method: "GET" });
          if (module.default || !route.parentId) probes.push({ label: "document", url, method: "GET" });
        }
        // Public actions too: a sign-out or a language switch must answer every role sensibly.
        if (module.action)
          probes.push({
            label: "action",
            url: `${url}?_data=${encodeURIComponent(routeId)}`,
            method: "POST",
          });
        for (const probe of probes) {
          const res = await ask(who, probe.url, probe.method);
          const status = res.status;
          const where = `${probe.method} ${probe.url} as ${who} (${probe.label}) → ${status}`;
          if (status >= 500) failures.push(`server error: ${where}`);
          else if (access === "signed-api") {
            // A person's session opens nothing here: only a signed request does.
            const body = await res.text();
            if (status !== 401 || !body.includes('"code":"unknown_client"'))
              failures.push(`not refused as unsigned: ${where}`);
          } else if (ok) {
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
