import type { AppLoadContext } from "@remix-run/node";
import { type ApiRequest, parseJsonBody } from "./authenticate.server";
import { cancelHold, createHold, getBalances, recordUsage } from "./operations.server";
import { API_PREFIX } from "./paths.server";
import { computeApi } from "./route.server";
import { apiError } from "./errors.server";
import type { SignedRequest } from "./authenticate.server";
import type { ApiAnswer } from "./errors.server";

interface Endpoint {
  method: "GET" | "POST";
  handle: (signed: SignedRequest, request: ApiRequest) => ApiAnswer;
}

/**
 * The endpoints of /api/compute/v1 (docs/api/compute-v1.md), by the path's
 * segments after the prefix. One table for both ways a request arrives: the
 * server's own path before Remix, and Remix's catch-all route in development.
 */
function endpointFor(segments: readonly string[]): Endpoint | null {
  const [first, second, third, ...rest] = segments;
  if (rest.length > 0) return null;
  if (first === "holds" && second === undefined) {
    return { method: "POST", handle: (s, r) => createHold(s.clientId, parseJsonBody(r, s.body)) };
  }
  if (first === "usage" && second === undefined) {
    return { method: "POST", handle: (s, r) => recordUsage(s.clientId, parseJsonBody(r, s.body)) };
  }
  if (first === "holds" && second && third === "release") {
    return {
      method: "POST",
      handle: (s, r) => cancelHold(s.clientId, second, s.body === "" ? {} : parseJsonBody(r, s.body)),
    };
  }
  if (first === "accounts" && second && third === undefined) {
    return { method: "GET", handle: () => getBalances(second) };
  }
  return null;
}

/** The path after the prefix, one decoded value per segment (a trailing slash is no segment); null if it does not decode. */
function segmentsOf(pathname: string): string[] | null {
  const parts = pathname.slice(API_PREFIX.length).split("/");
  if (parts.at(-1) === "") parts.pop();
  try {
    return parts.map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
}

/** Answers any request under /api/compute/v1/: authenticated first, then routed, always JSON. */
export function answerComputeApi(request: ApiRequest, context: AppLoadContext | undefined): ApiAnswer {
  const pathname = request.target.split("?", 1)[0] ?? "";
  const segments = pathname.startsWith(API_PREFIX) ? segmentsOf(pathname) : null;
  const endpoint = segments && !segments.includes("") ? endpointFor(segments) : null;
  return computeApi(request, context, endpoint?.method ?? null, (signed) =>
    endpoint
      ? endpoint.handle(signed, request)
      : apiError("not_found", "No such endpoint in /api/compute/v1."),
  );
}
