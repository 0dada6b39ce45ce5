import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";

/** Sample values for route parameters, so every route in the manifest has a URL to ask. */
export const SAMPLE_PARAMS: Record<string, string> = {
  course: "ai-foundations",
  lesson: "01-what-is-ai",
  token: "A".repeat(43),
  key: "unknown-key",
  code: "ZZZZ-ZZZZ",
  id: "0".repeat(32),
  cohort: "999999999",
  student: "999999999",
  account: "u-nosuchhandle0000",
  holdId: "no-such-hold",
  "*": "no/such/thing",
};

/** The production build (not booted): its route manifest is the list every matrix walks. */
export async function loadBuild(): Promise<ServerBuild> {
  const file = path.resolve("build/index.js");
  if (!existsSync(file)) throw new Error("No production build: run `npm run build` first (npm test does).");
  return (await import(pathToFileURL(file).href)) as ServerBuild;
}

/** A route's URL with its parameters filled from `params` (then SAMPLE_PARAMS). */
export function routeUrl(build: ServerBuild, routeId: string, params: Record<string, string> = {}): string {
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
    const value = params[name] ?? SAMPLE_PARAMS[name];
    if (!value) throw new Error(`add a sample value for route parameter ${token} (route ${routeId})`);
    return value;
  });
  return `/${filled}`;
}

export interface RouteModuleShape {
  loader?: unknown;
  action?: unknown;
  default?: unknown;
}

export function moduleOf(build: ServerBuild, routeId: string): RouteModuleShape {
  return (build.routes[routeId]?.module ?? {}) as RouteModuleShape;
}

/** Routes that render a page (they have a component), root excluded. */
export function pageRouteIds(build: ServerBuild): string[] {
  return Object.keys(build.routes)
    .filter((id) => id !== "root" && moduleOf(build, id).default)
    .sort();
}

export function actionRouteIds(build: ServerBuild): string[] {
  return Object.keys(build.routes)
    .filter((id) => moduleOf(build, id).action)
    .sort();
}
