import { randomBytes } from "node:crypto";

/**
 * Whole-document memo for routes that opt in (`handle.pageCache`). A document
 * is a pure function of its URL and its loader data, so that pair is the key;
 * the per-response CSP nonce is rendered as a placeholder and spliced in on
 * every hit. Bounded, least recently used out first.
 */
export const NONCE_PLACEHOLDER = `ta-nonce-${randomBytes(12).toString("hex")}`;

const MAX_ENTRIES = 1_000;
const MAX_BYTES = 64 * 1024 * 1024;

let entries = new Map<string, { parts: string[]; bytes: number }>();
let bytes = 0;

export function pageCacheKey(url: URL, loaderData: unknown): string {
  return `${url.pathname}${url.search}\n${JSON.stringify(loaderData)}`;
}

export function getCachedPage(key: string, nonce: string): string | undefined {
  const hit = entries.get(key);
  if (!hit) return undefined;
  entries.delete(key);
  entries.set(key, hit);
  return hit.parts.join(nonce);
}

export function cachePage(key: string, html: string, nonce: string): string {
  const parts = html.split(NONCE_PLACEHOLDER);
  const size = html.length * 2 + key.length * 2;
  if (size < MAX_BYTES / 4) {
    entries.set(key, { parts, bytes: size });
    bytes += size;
    for (const [oldKey, old] of entries) {
      if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
      entries.delete(oldKey);
      bytes -= old.bytes;
    }
  }
  return parts.join(nonce);
}

export function clearPageCache(): void {
  entries = new Map();
  bytes = 0;
}

export function pageCacheSize(): number {
  return entries.size;
}
