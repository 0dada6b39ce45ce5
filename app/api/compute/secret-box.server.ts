import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { sessionSecret } from "~/utils/env.server";

/**
 * Client signing secrets at rest. Checking an HMAC needs the secret itself,
 * so it cannot be stored as a one-way hash: it is sealed with AES-256-GCM
 * under a key derived from the server's SESSION_SECRET (a copy of the
 * database alone does not reveal it). Changing SESSION_SECRET therefore
 * invalidates every client's secret: rotate them afterwards.
 */
const VERSION = "v1";
let cachedKey: { from: string; key: Buffer } | undefined;

function key(): Buffer {
  const secret = sessionSecret();
  if (cachedKey?.from !== secret) {
    const derived = Buffer.from(hkdfSync("sha256", secret, "talent-accelerator", "compute-client-keys", 32));
    cachedKey = { from: secret, key: derived };
  }
  return cachedKey.key;
}

export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

// Every signed request opens its client's secret: keep the few in use open rather than decrypt each
// time. Keyed by the sealed text, so a rotated or revoked key (which the query no longer returns) is simply
// not asked for again; a changed SESSION_SECRET empties the memo.
const OPENED_MAX = 64;
const opened = new Map<string, string | null>();
let openedUnder: Buffer | undefined;

/** The secret, or null when it was sealed under another SESSION_SECRET or is damaged. */
export function openSecret(sealed: string): string | null {
  const k = key();
  if (k !== openedUnder) {
    opened.clear();
    openedUnder = k;
  }
  const known = opened.get(sealed);
  if (known !== undefined) return known;
  const plain = unseal(sealed, k);
  if (opened.size >= OPENED_MAX) opened.clear();
  opened.set(sealed, plain);
  return plain;
}

function unseal(sealed: string, k: Buffer): string | null {
  const [version, data] = sealed.split(":");
  if (version !== VERSION || !data) return null;
  const bytes = Buffer.from(data, "base64url");
  if (bytes.length < 29) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", k, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
