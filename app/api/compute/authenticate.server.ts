import { ApiError } from "./errors.server";
import { API_MAX_BODY_BYTES } from "./paths.server";
import { isFresh, parseSignatureHeader, parseTimestamp, signatureMatches } from "./signature.server";

export interface SignedRequest {
  clientId: string;
  /** The exact text that was signed, for a JSON parser to read next. */
  body: string;
}

/** The secrets a client may sign with right now (two while a rotation overlaps), or null if it may not. */
export type SecretsFor = (clientId: string) => readonly string[] | null;

const CLIENT_ID_MAX = 100;

/** What authentication reads of a request: the method, the path with its query, a few headers, the raw body. */
export interface ApiRequest {
  method: string;
  /** The normalised path and query, as routed (what the client signed). */
  target: string;
  header: (name: string) => string | null;
  body: Uint8Array;
}

/** A web Request as an ApiRequest (Remix's route; the server builds one from Node's request directly). */
export async function apiRequestOf(request: Request): Promise<ApiRequest> {
  const url = new URL(request.url);
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  // Never read a body declared too large (the server refuses those before routing anyway).
  const body =
    declared > API_MAX_BODY_BYTES
      ? new Uint8Array(API_MAX_BODY_BYTES + 1)
      : new Uint8Array(await request.arrayBuffer());
  return {
    method: request.method,
    target: url.pathname + url.search,
    header: (name) => request.headers.get(name),
    body,
  };
}

/**
 * Authenticates a compute-center request, or throws the ApiError to answer
 * with. Only the three X- headers, the method, the path with its query and
 * the raw body are read: never a cookie.
 */
export function authenticate(
  input: ApiRequest,
  secretsFor: SecretsFor,
  nowMs: number = Date.now(),
): SignedRequest {
  const body = decodeBody(input.body);
  const clientId = input.header("X-Client-Id") ?? "";
  const secrets = clientId && clientId.length <= CLIENT_ID_MAX ? secretsFor(clientId) : null;
  if (!secrets?.length) throw new ApiError("unknown_client", "No active client has this X-Client-Id.");
  const timestampHeader = input.header("X-Timestamp");
  const timestamp = parseTimestamp(timestampHeader);
  const sent = parseSignatureHeader(input.header("X-Signature"));
  if (timestamp === null || timestampHeader === null || sent === null) {
    throw new ApiError(
      "invalid_signature",
      "Send X-Timestamp (Unix seconds) and X-Signature (v1=<64 hex digits>).",
    );
  }
  if (!isFresh(timestamp, nowMs)) {
    throw new ApiError("stale_timestamp", "X-Timestamp is more than 5 minutes away from our clock.", {
      serverTime: Math.floor(nowMs / 1000),
    });
  }
  const signed = { timestamp: timestampHeader, method: input.method, path: input.target, body };
  if (!signatureMatches(secrets, sent, signed)) {
    throw new ApiError("invalid_signature", "The signature does not match this request.");
  }
  return { clientId, body };
}

/** `authenticate` for a web Request. */
export async function readSignedRequest(
  request: Request,
  secretsFor: SecretsFor,
  nowMs: number = Date.now(),
): Promise<SignedRequest> {
  return authenticate(await apiRequestOf(request), secretsFor, nowMs);
}

function decodeBody(bytes: Uint8Array): string {
  if (bytes.byteLength > API_MAX_BODY_BYTES) throw tooLarge();
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ApiError("validation_failed", "The body is not valid UTF-8.");
  }
}

function tooLarge() {
  return new ApiError("payload_too_large", `The body is larger than ${API_MAX_BODY_BYTES} bytes.`);
}

/** POST bodies are JSON objects; after authentication so strangers learn nothing from the order. */
export function parseJsonBody(input: ApiRequest, body: string): unknown {
  const type = input.header("Content-Type") ?? "";
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send Content-Type: application/json.");
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new ApiError("validation_failed", "The body is not valid JSON.");
  }
}
