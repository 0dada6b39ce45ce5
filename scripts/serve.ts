/**
 * The HTTP server: `npm start` (demo), `NODE_ENV=production npm start`
 * (production) and `npm run dev`. Picks the mode before React loads, then
 * serves the Remix build behind the security middleware.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";

const started = performance.now();
const requested = process.env.NODE_ENV;
const mode =
  process.env.APP_MODE ||
  (requested === "production" ? "production" : requested === "development" ? "development" : "demo");
process.env.APP_MODE = mode;
// Demo runs the production build too: React's development build is several times slower.
process.env.NODE_ENV = mode === "development" ? "development" : "production";

const [{ default: express }, { createRequestHandler }, { broadcastDevReady }, http] = await Promise.all([
  import("express"),
  import("@remix-run/express"),
  import("@remix-run/node"),
  import("../app/utils/http.server"),
]);

const root = path.resolve(import.meta.dirname, "..");
const buildPath = path.join(root, "build", "index.js");
type AppBuild = ServerBuild & {
  entry: { module: { boot(): Promise<import("../app/utils/boot.server").BootReport> } };
};
const build = (await import(pathToFileURL(buildPath).href)) as AppBuild;

function fail(message: string): never {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: "error", msg: message })}\n`,
  );
  process.exit(1);
}

let report: Awaited<ReturnType<AppBuild["entry"]["module"]["boot"]>>;
try {
  report = await build.entry.module.boot();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
const development = mode === "development";
const accessLog = process.env.ACCESS_LOG !== "0";

app.use((req, res, next) => {
  const requestId = randomUUID();
  const nonce = http.newNonce();
  res.locals.requestId = requestId;
  res.locals.nonce = nonce;
  res.setHeader("X-Request-Id", requestId);
  // Documents replace this with their own policy (nonce or hashes); everything else keeps it.
  res.setHeader("Content-Security-Policy", http.contentSecurityPolicy([`'nonce-${nonce}'`], development));
  for (const [name, value] of Object.entries(http.SECURITY_HEADERS)) res.setHeader(name, value);
  if (accessLog) {
    const t0 = performance.now();
    res.on("finish", () => {
      process.stdout.write(
        `${JSON.stringify({
          time: new Date().toISOString(),
          level: "info",
          msg: "request",
          requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round((performance.now() - t0) * 10) / 10,
        })}\n`,
      );
    });
  }
  next();
});

// Fingerprinted assets are immutable; only these two paths ever touch the file system.
app.use(
  "/build",
  express.static(path.join(root, "public", "build"), { immutable: true, maxAge: "1y", index: false }),
);
app.get("/favicon.ico", (_req, res) =>
  res.sendFile(path.join(root, "public", "favicon.ico"), { maxAge: "1d" }),
);

app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const locale = http.localeForRaw(req.headers.cookie, req.headers["accept-language"]);
  const requestId = String(res.locals.requestId);
  const declared = req.headers["content-length"];
  if (declared === undefined && req.headers["transfer-encoding"] !== undefined) {
    // A chunked body has no declared size: refuse it rather than read an unbounded stream.
    res.setHeader("Connection", "close");
    return res
      .status(411)
      .type("html")
      .send(http.rawErrorPage(locale, 411, "error.lengthRequired", requestId));
  }
  if (Number(declared ?? 0) > http.MAX_BODY_BYTES) {
    res.setHeader("Connection", "close");
    return res
      .status(413)
      .type("html")
      .send(http.rawErrorPage(locale, 413, "error.tooLarge", requestId));
  }
  const signedApi = req.path.startsWith("/api/compute/");
  if (!signedApi && !http.isSameOriginRequest(req.headers, req.protocol)) {
    return res
      .status(403)
      .type("html")
      .send(http.rawErrorPage(locale, 403, "error.badOrigin", requestId));
  }
  next();
});

const remix = createRequestHandler({
  build,
  mode: process.env.NODE_ENV,
  getLoadContext: (req, res) => ({
    requestId: String(res.locals.requestId),
    nonce: String(res.locals.nonce),
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
  }),
});
app.all("*", (req, res, next) => {
  // The adapter appends Remix's headers; a document's own CSP must replace the default, not add a second policy.
  const append = res.append.bind(res);
  res.append = (field: string, value?: string[] | string) =>
    field.toLowerCase() === "content-security-policy" && value !== undefined
      ? res.set(field, value)
      : append(field, value);
  return remix(req, res, next);
});

app.use((error: unknown, req: import("express").Request, res: import("express").Response, _next: unknown) => {
  const requestId = String(res.locals.requestId);
  if (!(error instanceof URIError))
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: "error", msg: "unhandled", requestId, path: req.path, error: error instanceof Error ? error.stack : String(error) })}\n`,
    );
  if (res.headersSent) return;
  const locale = http.localeForRaw(req.headers.cookie, req.headers["accept-language"]);
  // A path that does not decode is the client's mistake, not ours.
  if (error instanceof URIError) {
    return res
      .status(400)
      .type("html")
      .send(http.rawErrorPage(locale, 400, "error.badUrl", requestId));
  }
  res
    .status(500)
    .type("html")
    .send(http.rawErrorPage(locale, 500, "error.text", requestId));
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = app.listen(port, host, () => {
  const ms = Math.round(performance.now() - started);
  const lines = [
    `Talent Accelerator is running in ${report.mode} mode on http://localhost:${port} (ready in ${ms} ms)`,
    `Database: ${report.database}${report.seeded ? " (new, demo data seeded)" : ""}`,
  ];
  if (report.mode === "demo") {
    lines.push("Demo mode: plain http, generated session secret, demo accounts. Not for production.");
    lines.push(
      `Demo sign-ins (password "talent-demo-2026"): ${report.demoAccounts.map((a) => `${a.email} (${a.role})`).join(", ")}`,
    );
    if (report.demoJoinPath)
      lines.push(`Demo cohort join link: http://localhost:${port}${report.demoJoinPath}`);
  }
  for (const line of lines) process.stdout.write(`${line}\n`);
  if (development) void broadcastDevReady(build);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}
