import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Request signing for the compute-center API (docs/api/compute-v1.md). The
 * center signs `${timestamp}.${METHOD}.${path}.${rawBody}` with HMAC-SHA256 and
 * its secret; we recompute and compare in constant time. Several `v1=` values
 * may be sent at once so a center can sign with its old and new secret while a
 * rotation overlaps.
 */

/** How far a request's X-Timestamp may be from our clock, either way. */
export const TIMESTAMP_WINDOW_S = 5 * 60;
/** More values than this in one header is not a rotation, it is a search. */
export const MAX_SIGNATURE_VALUES = 4;

const SIGNATURE_HEX = /^[0-9a-f]{64}$/;
const TIMESTAMP = /^[0-9]{1,12}$/;

export function canonicalString(timestamp: string, method: string, path: string, rawBody: string): string {
  return `${timestamp}.${method.toUpperCase()}.${path}.${rawBody}`;
}

export function signRequest(
  secret: string,
  request: { timestamp: string; method: string; path: string; body: string },
): string {
  return digestOf(secret, request).toString("hex");
}

function digestOf(
  secret: string,
  request: { timestamp: string; method: string; path: string; body: string },
) {
  return createHmac("sha256", secret)
    .update(canonicalString(request.timestamp, request.method, request.path, request.body), "utf8")
    .digest();
}

/** The 32-byte digests named by `v1=<hex>` tokens; null when the header is missing or malformed. */
export function parseSignatureHeader(header: string | null | undefined): Buffer[] | null {
  if (!header) return null;
  const tokens = header.trim().split(/ +/);
  if (tokens.length === 0 || tokens.length > MAX_SIGNATURE_VALUES) return null;
  const digests: Buffer[] = [];
  for (const token of tokens) {
    const hex = token.startsWith("v1=") ? token.slice(3).toLowerCase() : null;
    // An unknown scheme (a future v2) is skipped, not an error: a center may send both.
    if (hex === null) continue;
    if (!SIGNATURE_HEX.test(hex)) return null;
    digests.push(Buffer.from(hex, "hex"));
  }
  return digests.length ? digests : null;
}

/** Unix seconds from X-Timestamp, or null when it is not a plain non-negative integer. */
export function parseTimestamp(header: string | null | undefined): number | null {
  if (!header || !TIMESTAMP.test(header)) return null;
  return Number(header);
}

export function isFresh(timestamp: number, nowMs: number = Date.now()): boolean {
  return Math.abs(nowMs / 1000 - timestamp) <= TIMESTAMP_WINDOW_S;
}

/**
 * True when one of the sent digests is the HMAC of the request under one of
 * the secrets. Every pair is compared (no early exit on a mismatch), each in
 * constant time on equal-length buffers.
 */
export function signatureMatches(
  secrets: readonly string[],
  sent: readonly Buffer[],
  request: { timestamp: string; method: string; path: string; body: string },
): boolean {
  let matched = false;
  for (const secret of secrets) {
    const expected = digestOf(secret, request);
    for (const digest of sent) {
      if (digest.length === expected.length && timingSafeEqual(digest, expected)) matched = true;
    }
  }
  return matched;
}
