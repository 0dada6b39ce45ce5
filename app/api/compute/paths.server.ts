/**
 * Which requests belong to the compute-center API. The decision is made on the
 * path as Remix will route it: the WHATWG URL parser resolves `.`/`..` (also
 * spelled `%2e`), turns `\` into `/`, and reads a leading `//` as a host, so
 * `/api/compute/v1/../../admin` is `/admin` here and there alike.
 */
export const API_PREFIX = "/api/compute/v1/";

/** Requests are a few hundred bytes; anything near this is not a center's client. */
export const API_MAX_BODY_BYTES = 16 * 1024;

/** The path and query as Remix sees them (see scripts/server/remix-handler.ts). */
export function normalisedTarget(originalUrl: string): { pathname: string; search: string } | null {
  try {
    const url = new URL(originalUrl, "http://api.invalid");
    if (url.host !== "api.invalid") return null;
    return { pathname: url.pathname, search: url.search };
  } catch {
    return null;
  }
}

/** Routed to the API: its answers are JSON and it never sees cookies. */
export function isComputeApiPath(originalUrl: string): boolean {
  return normalisedTarget(originalUrl)?.pathname.startsWith(API_PREFIX) ?? false;
}

/**
 * Exempt from the browser Origin check: under the prefix once normalised, and
 * spelled plainly (no empty segment, no percent-encoding) so that no reading of
 * the path by another layer can place it elsewhere.
 */
export function isOriginExemptPath(originalUrl: string): boolean {
  const target = normalisedTarget(originalUrl);
  if (!target?.pathname.startsWith(API_PREFIX)) return false;
  return !target.pathname.includes("//") && !target.pathname.includes("%");
}
