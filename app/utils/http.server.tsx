import { randomBytes } from "node:crypto";
import type { Locale } from "~/i18n/locale";
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage } from "~/i18n/locale";
import { renderToStaticMarkup } from "react-dom/server";
import type { MessageKey } from "~/i18n/messages";
import { translate } from "~/i18n/t";

export const MAX_BODY_BYTES = 1024 * 1024;

// Every response gets a nonce: draw the random bytes for many at once (as Node does for randomUUID),
// not one system call and one Buffer per request.
const NONCE_BYTES = 16;
const NONCES_PER_DRAW = 256;
let noncePool = Buffer.alloc(0);
let nonceAt = 0;

export function newNonce(): string {
  if (nonceAt + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
    nonceAt = 0;
  }
  const nonce = noncePool.toString("base64", nonceAt, nonceAt + NONCE_BYTES);
  nonceAt += NONCE_BYTES;
  return nonce;
}

export { contentSecurityPolicy } from "./csp.server";

export const SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

/**
 * A state-changing request must come from our own pages: its Origin (or,
 * failing that, its Referer) must be our origin. Requests with neither come
 * from non-browser clients, which carry no ambient cookies worth forging.
 * `ours` is PUBLIC_URL in production (a reverse proxy may speak plain http
 * to us while browsers use https); elsewhere the request's own scheme and
 * host. The check runs before routing, on every path but one: the signed
 * compute API, decided on the normalised path (decision 016), so nothing in
 * the path (`..`, encodings) can steer around it.
 */
export function isSameOriginRequest(headers: { origin?: string; referer?: string }, ours: string) {
  const claimed = headers.origin ?? (headers.referer ? safeOrigin(headers.referer) : undefined);
  if (claimed === undefined) return true;
  return claimed !== "null" && claimed === ours;
}

/**
 * The origin this server answers as: PUBLIC_URL when set in production,
 * otherwise scheme and host as the client (or a trusted proxy) stated them.
 */
export function requestOrigin(
  req: { protocol: string; hostname: string; get(name: string): string | undefined },
  publicOrigin: string | undefined,
): string {
  if (publicOrigin) return publicOrigin;
  // req.hostname honours "trust proxy" but drops the port: take it from X-Forwarded-Host or Host.
  const portOf = (value: string | undefined) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const port = [portOf(req.get("X-Forwarded-Host")), portOf(req.get("host"))].find(Number.isSafeInteger);
  return `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}`;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "null";
  }
}

/** The visitor's language for messages written before Remix runs (413, bad Origin). */
export function localeForRaw(cookieHeader: string | undefined, acceptLanguage: string | undefined): Locale {
  const match = cookieHeader?.match(/(?:^|;\s*)ta_locale=([^;]+)/);
  if (match?.[1]) {
    try {
      const value = JSON.parse(Buffer.from(decodeURIComponent(match[1]), "base64").toString("utf8"));
      if (isLocale(value)) return value;
    } catch {
      // An unreadable cookie falls through to the header.
    }
  }
  return localeFromAcceptLanguage(acceptLanguage ?? null) ?? DEFAULT_LOCALE;
}

export type RawErrorKey =
  | "error.tooLarge"
  | "error.lengthRequired"
  | "error.badOrigin"
  | "error.badUrl"
  | "error.text"
  | "error.busy"
  | "error.databaseUnavailable";

const TITLES: Partial<Record<RawErrorKey, MessageKey>> = {
  "error.busy": "error.busyTitle",
  "error.databaseUnavailable": "error.unavailableTitle",
};

/** A whole page for answers given outside React: before Remix runs, or instead of its error page. */
export function rawErrorPage(
  locale: Locale,
  status: number,
  messageKey: RawErrorKey,
  requestId: string,
): string {
  const t = (key: MessageKey) => translate(locale, key);
  const title = t(TITLES[messageKey] ?? (status >= 500 ? "error.title" : "error.badRequest"));
  return `<!DOCTYPE html>${renderToStaticMarkup(
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body
        style={{
          fontFamily: "system-ui, sans-serif",
          maxWidth: "40rem",
          margin: "3rem auto",
          padding: "0 1rem",
        }}
      >
        <h1>{title}</h1>
        <p>{t(messageKey)}</p>
        <p>
          <small>
            {t("error.requestId")}: <code>{requestId}</code>
          </small>
        </p>
        <p>
          <a href="/">{t("error.goHome")}</a>
        </p>
      </body>
    </html>,
  )}`;
}
