/**
 * The Content-Security-Policy. Inline scripts run only with this response's
 * nonce or, for byte-identical cached pages, their own sha256 hashes.
 */
export function contentSecurityPolicy(scriptSources: string[], development: boolean): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptSources].join(" "),
    // KaTeX and highlighted code carry inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    development ? "connect-src 'self' ws://localhost:* http://localhost:*" : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
