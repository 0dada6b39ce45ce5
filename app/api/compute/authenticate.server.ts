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

/**
 * Authenticates a compute-center request, or throws the ApiError to answer
 * with. Only the three X- headers, the method, the path with its query and
 * the raw body are read: never a cookie.
 */
export async function readSignedRequest(
  request: Request,
  secretsFor: SecretsFor,
  nowMs: number = Date.now(),
): Promise<SignedRequest> {
  const body = await readBody(request);
  const clientId = request.headers.get("X-Client-Id") ?? "";
  const secrets = clientId && clientId.length <= CLIENT_ID_MAX ? secretsFor(clientId) : null;
  if (!secrets?.length) throw new ApiError("unknown_client", "No active client has this X-Client-Id.");
  const timestampHeader = request.headers.get("X-Timestamp");
  const timestamp = parseTimestamp(timestampHeader);
  const sent = parseSignatureHeader(request.headers.get("X-Signature"));
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
  const url = new URL(request.url);
  const signed = {
    timestamp: timestampHeader,
    method: request.method,
    path: url.pathname + url.search,
    body,
  };
  if (!signatureMatches(secrets, sent, signed)) {
    throw new ApiError("invalid_signature", "The signature does not match this request.");
  }
  return { clientId, body };
}

async function readBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > API_MAX_BODY_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
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
export function parseJsonBody(request: Request, body: string): unknown {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) {
    throw new ApiError("unsupported_media_type", "Send Content-Type: application/json.");
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new ApiError("validation_failed", "The body is not valid JSON.");
  }
}
