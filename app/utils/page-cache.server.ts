import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

/**
 * Whole-document memo for routes that opt in (`handle.pageCache`). A document
 * is a pure function of its URL and Remix's server hand-off (all loader data),
 * so that pair is the key. A cached page is byte-identical for every viewer,
 * so its inline scripts are allowed by CSP hashes (not a per-response nonce)
 * and it is compressed once, not per response. Bounded, least recently used
 * out first.
 */
export interface CachedPage {
  html: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  etag: string;
  /** The Content-Security-Policy allowing exactly this page's inline scripts (by hash). */
  csp: string;
}

const MAX_ENTRIES = 1_000;
const MAX_BYTES = 48 * 1024 * 1024;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

const entries = new Map<string, CachedPage>();
let bytes = 0;

const sizeOf = (page: CachedPage) => page.html.length + (page.gzip?.length ?? 0) + (page.br?.length ?? 0);

export function pageCacheKey(url: URL, serverHandoff: string): string {
  return `${url.pathname}${url.search}\n${serverHandoff}`;
}

export function getCachedPage(key: string): CachedPage | undefined {
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key);
    entries.set(key, hit);
  }
  return hit;
}

/** The sha256 sources of every inline script in a document, as CSP wants them. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\ssrc=/.test(match[1] ?? "")) continue;
    hashes.add(
      `'sha256-${createHash("sha256")
        .update(match[2] ?? "")
        .digest("base64")}'`,
    );
  }
  return [...hashes];
}

const DOCTYPE = "<!DOCTYPE html>";

/**
 * `renderToString` (unlike the streaming renderer) emits no doctype, and a
 * document without one is rendered in quirks mode; every stored page gets it.
 */
export function withDoctype(markup: string): string {
  return /^<!doctype html>/i.test(markup) ? markup : DOCTYPE + markup;
}

export function cachePage(
  key: string,
  rendered: string,
  csp: (scriptSources: string[]) => string,
): CachedPage {
  const markup = withDoctype(rendered);
  const html = Buffer.from(markup);
  const page: CachedPage = {
    html,
    etag: `W/"${createHash("sha256").update(html).digest("base64url").slice(0, 27)}"`,
    csp: csp(inlineScriptHashes(markup)),
  };
  entries.set(key, page);
  bytes += sizeOf(page);
  evict();
  // Compressed once, off the request path; until then the page goes out as is.
  void Promise.all([
    gzipAsync(html, { level: 9 }),
    brotliAsync(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
  ]).then(([gz, br]) => {
    if (entries.get(key) !== page) return;
    page.gzip = gz;
    page.br = br;
    bytes += gz.length + br.length;
    evict();
  });
  return page;
}

function evict() {
  for (const [oldKey, old] of entries) {
    if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
    entries.delete(oldKey);
    bytes -= sizeOf(old);
  }
}

type Encoding = "br" | "gzip";
const acceptedEncodings = new Map<string, Set<Encoding>>();

/** Which of our encodings an Accept-Encoding header allows (q=0 refuses); browsers send few distinct headers. */
function parseAcceptEncoding(header: string): Set<Encoding> {
  let known = acceptedEncodings.get(header);
  if (!known) {
    known = new Set<Encoding>();
    for (const part of header.toLowerCase().split(",")) {
      const [name = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      if (q && Number.parseFloat(q.slice(2)) === 0) continue;
      if (name === "br" || name === "gzip") known.add(name);
    }
    if (acceptedEncodings.size > 100) acceptedEncodings.clear();
    acceptedEncodings.set(header, known);
  }
  return known;
}

/** The best encoding of a cached page that the client accepts. */
export function pickEncoding(
  page: CachedPage,
  acceptEncoding: string | null,
): { body: Buffer; encoding?: Encoding } {
  const accepted = parseAcceptEncoding(acceptEncoding ?? "");
  if (page.br && accepted.has("br")) return { body: page.br, encoding: "br" };
  if (page.gzip && accepted.has("gzip")) return { body: page.gzip, encoding: "gzip" };
  return { body: page.html };
}

/**
 * Which cached page a lesson URL shows to a viewer of a given locale and role
 * (all that the root loader returns), with the headers the Remix path sent
 * with it: what the cached-document path (cached-document.server.ts) needs to
 * answer a repeat view without running Remix. Holds keys, not pages: an
 * evicted page is simply a miss.
 */
export interface DocumentEntry {
  pageKey: string;
  headers: [string, string][];
}
const documents = new Map<string, DocumentEntry>();
const MAX_DOCUMENTS = 10_000;

const documentKey = (pathname: string, locale: string, role: string) => `${pathname}\n${locale}\n${role}`;

export function rememberDocument(pathname: string, locale: string, role: string, entry: DocumentEntry) {
  if (documents.size >= MAX_DOCUMENTS) documents.clear();
  documents.set(documentKey(pathname, locale, role), entry);
}

export function rememberedDocument(
  pathname: string,
  locale: string,
  role: string,
): { page: CachedPage; headers: [string, string][] } | undefined {
  const entry = documents.get(documentKey(pathname, locale, role));
  const page = entry && getCachedPage(entry.pageKey);
  return page && entry ? { page, headers: entry.headers } : undefined;
}
