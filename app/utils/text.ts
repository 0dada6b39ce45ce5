/**
 * Pure text helpers shared by server and browser: how every piece of typed
 * text is cleaned before it is stored or searched for.
 */

/**
 * Characters no name, title or search ever needs, and that can hide or
 * reorder what an admin sees: C0/C1 controls (NUL included), line and
 * paragraph separators, bidi embeddings, overrides and isolates, and BOM.
 */
const FORBIDDEN = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, "gu");

/** Canonical form for comparison and storage: Unicode NFC, outer whitespace trimmed. */
export function normaliseText(raw: string): string {
  return raw.normalize("NFC").trim();
}

export function hasForbiddenCharacters(text: string): boolean {
  return FORBIDDEN.test(text);
}

/** For search input, which is never refused: drop what could not be stored anyway, then normalise. */
export function normaliseSearch(raw: string, max = 200): string {
  return normaliseText(raw.replace(FORBIDDEN_ALL, "")).slice(0, max);
}

/** Email as stored: trimmed, lower-cased, Unicode NFC. */
export function normaliseEmail(raw: string): string {
  return normaliseText(raw).toLowerCase();
}
