/**
 * The HTTP server: `npm start` (demo), `NODE_ENV=production npm run serve`
 * (production) and `npm run dev`. Reads the environment and picks the mode
 * before React loads, then serves the Remix build behind the security
 * middleware.
 */
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { type Env, parseEnv } from "../app/utils/env.server";
import { writeLog } from "../app/utils/log.server";
import { contextOf } from "../app/utils/context";
import { API_MAX_BODY_BYTES, isComputeApiPath, isOriginExemptPath } from "../app/api/compute/paths.server";
import { type ApiErrorCode, apiErrorBody } from "../app/api/compute/errors.server";

const started = performance.now();

function fail(message: string): never {
  writeLog("error", message);
  process.exit(1);
}

let config: Env;
try {
  // A fresh clone run with no settings is the demo; NODE_ENV=production asks for production.
  config = parseEnv(process.env, "demo");
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
process.env.APP_MODE = config.mode;
// Demo runs the production build too: React's development build is several times slower.
process.env.NODE_ENV = config.mode === "development" ? "development" : "production";

const [{ default: express }, { broadcastDevReady }, { createRemixHandler }, http] = await Promise.all([
  import("express"),
  import("@remix-run/node"),
  import("./server/remix-handler"),
  import("../app/utils/http.server"),
]);

const root = path.resolve(import.meta.dirname, "..");
const buildPath = path.join(root, "build", "index.js");
type EntryModule = typeof import("../app/entry.server");
type AppBuild = ServerBuild & {
  entry: {
    module: Pick<
      EntryModule,
      | "boot"
      | "writeBlocker"
      | "isDatabaseBusy"
      | "whenDurable"
      | "inWriteBatch"
      | "cachedLessonDocument"
      | "recordTimeBatch"
      | "answerComputeApi"
      | "redeemFromPage"
      | "MAX_REDEEM_BYTES"
      | "MAX_TIME_BATCH_BYTES"
    > &
      ServerBuild["entry"]["module"];
  };
};
const build = (await import(pathToFileURL(buildPath).href)) as AppBuild;
const entry = build.entry.module;

let report: Awaited<ReturnType<EntryModule["boot"]>>;
try {
  report = await entry.boot();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const app = express();
app.disable("x-powered-by");
// Documents carry their own ETags (the page cache); hashing every JSON answer and error page bought nothing.
app.set("etag", false);
if (config.TRUST_PROXY) {
  const trust = config.TRUST_PROXY;
  // "1" means one hop, "true" every hop; anything else is Express's address list ("loopback", "10.0.0.0/8").
  app.set("trust proxy", trust === "true" ? true : /^\d+$/.test(trust) ? Number(trust) : trust);
}
const development = config.mode === "development";
const production = config.mode === "production";
const accessLog = config.ACCESS_LOG === "1";
const RETRY_AFTER_BUSY_S = 2;

/**
 * What every answer starts with, through Express or not: an id, a CSP nonce, the security headers
 * and the access log. The compute API authenticates by signature only: nothing may act on a
 * browser's cookies there.
 */
function startAnswer(req: IncomingMessage, res: ServerResponse, api: boolean) {
  const requestId = randomUUID();
  const nonce = http.newNonce();
  res.setHeader("X-Request-Id", requestId);
  if (api) delete req.headers.cookie;
  // Documents replace this with their own policy (nonce or hashes); everything else keeps it.
  res.setHeader("Content-Security-Policy", http.contentSecurityPolicy([`'nonce-${nonce}'`], development));
  for (const [name, value] of Object.entries(http.SECURITY_HEADERS)) res.setHeader(name, value);
  // Production is served over https (PUBLIC_URL); browsers ignore this header on plain http.
  if (production) res.setHeader("Strict-Transport-Security", "max-age=31536000");
  if (accessLog) {
    const t0 = performance.now();
    const target = req.url;
    res.on("finish", () => {
      // writeLog redacts credentials in paths and query strings (reset tokens, codes).
      writeLog("info", "request", {
        requestId,
        method: req.method,
        path: target,
        status: res.statusCode,
        ms: Math.round((performance.now() - t0) * 10) / 10,
      });
    });
  }
  return { requestId, nonce };
}

app.use((req, res, next) => {
  res.locals.api = isComputeApiPath(req.originalUrl);
  const { requestId, nonce } = startAnswer(req, res, res.locals.api);
  res.locals.requestId = requestId;
  res.locals.nonce = nonce;
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

const publicOrigin = production ? config.PUBLIC_URL : undefined;
const originOf = (req: import("express").Request) => http.requestOrigin(req, publicOrigin);
const localeOf = (req: IncomingMessage) =>
  http.localeForRaw(req.headers.cookie, req.headers["accept-language"]);
/** The compute API's clients read JSON with a stable code, not a page. */
const API_REFUSALS: Partial<Record<import("../app/utils/http.server").RawErrorKey, [ApiErrorCode, string]>> =
  {
    "error.tooLarge": ["payload_too_large", `The body is larger than ${API_MAX_BODY_BYTES} bytes.`],
    "error.lengthRequired": ["length_required", "Send the body with a Content-Length header."],
    "error.databaseUnavailable": ["service_unavailable", "The service cannot write right now; retry later."],
    "error.busy": ["service_unavailable", "The service is busy; retry after the Retry-After delay."],
    "error.badUrl": ["validation_failed", "The path does not decode."],
    "error.text": ["internal_error", "Something went wrong on our side; retry later."],
  };
/** A refusal before the app: the API's JSON error, or a small page in the reader's language. */
function sendRefusal(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  key: import("../app/utils/http.server").RawErrorKey,
  how: { api: boolean; requestId: string },
) {
  const api = how.api ? API_REFUSALS[key] : undefined;
  const body = api
    ? apiErrorBody(api[0], api[1])
    : http.rawErrorPage(localeOf(req), status, key, how.requestId);
  res.statusCode = status;
  res.setHeader("Content-Type", api ? "application/json; charset=utf-8" : "text/html; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

const methodsThatRead = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why a request that may write is refused before its body is read (411, 413), or null. */
function sizeRefusal(req: IncomingMessage, res: ServerResponse, maxBytes: number) {
  const declared = req.headers["content-length"];
  if (declared === undefined && req.headers["transfer-encoding"] !== undefined) {
    // A chunked body has no declared size: refuse it rather than read an unbounded stream.
    res.setHeader("Connection", "close");
    return [411, "error.lengthRequired"] as const;
  }
  if (Number(declared ?? 0) > maxBytes) {
    res.setHeader("Connection", "close");
    return [413, "error.tooLarge"] as const;
  }
  return null;
}

/** A write now would land in a file that is gone or replaced and be lost at the next start: 503. */
function databaseRefusal(res: ServerResponse, requestId: string) {
  const blocker = entry.writeBlocker();
  if (!blocker) return null;
  writeLog("error", "write refused", { requestId, problem: blocker });
  res.setHeader("Retry-After", "60");
  return [503, "error.databaseUnavailable"] as const;
}

app.use((req, res, next) => {
  if (methodsThatRead.has(req.method)) return next();
  const how = { api: Boolean(res.locals.api), requestId: String(res.locals.requestId) };
  const size = sizeRefusal(req, res, how.api ? API_MAX_BODY_BYTES : http.MAX_BODY_BYTES);
  if (size) return sendRefusal(req, res, size[0], size[1], how);
  // Every path, before routing, on the path as Remix will route it: nothing in the URL can steer a
  // cross-site post around this. The signed compute API is the one exemption (it never reads cookies).
  if (!isOriginExemptPath(req.originalUrl) && !http.isSameOriginRequest(req.headers, originOf(req))) {
    return sendRefusal(req, res, 403, "error.badOrigin", how);
  }
  const blocked = databaseRefusal(res, how.requestId);
  if (blocked) return sendRefusal(req, res, blocked[0], blocked[1], how);
  next();
});

function busyPage(req: import("express").Request, requestId: string, api: boolean) {
  const body = api
    ? apiErrorBody("service_unavailable", "The service is busy; retry after the Retry-After delay.")
    : http.rawErrorPage(localeOf(req), 503, "error.busy", requestId);
  return new Response(body, {
    status: 503,
    headers: {
      "Content-Type": api ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
      "Retry-After": String(RETRY_AFTER_BUSY_S),
      "Cache-Control": "no-store",
    },
  });
}

// A repeat view of a lesson is answered from the page cache after the same checks as its loaders (decision 013).
if (!development) {
  app.get("/courses/:course/:lesson", (req, res, next) => {
    entry
      .cachedLessonDocument({
        url: req.originalUrl,
        cookie: req.headers.cookie,
        ifNoneMatch: req.headers["if-none-match"],
        acceptEncoding: req.headers["accept-encoding"],
      })
      .then(
        (hit) => {
          if (!hit) return next();
          res.status(hit.status);
          for (const [name, value] of hit.headers) res.setHeader(name, value);
          res.end(hit.body);
        },
        // Whatever went wrong (a busy database), Remix answers the request as if there were no cache.
        () => next(),
      );
  });
}

/**
 * The body of one of the small requests answered before Remix, kept only up to `max` bytes: `done`
 * gets it, or null when it was larger (the Content-Length check above already refuses most of those).
 */
function readSmallBody(
  req: IncomingMessage,
  max: number,
  next: (error: unknown) => void,
  done: (body: Buffer | null) => void,
) {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= max) chunks.push(chunk);
  });
  req.on("error", (error: NodeJS.ErrnoException) => {
    // The client closed the connection before its body arrived: nobody to answer, nothing written.
    if (error.code !== "ECONNRESET") next(error);
  });
  req.on("end", () =>
    done(size > max ? null : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
  );
}

/**
 * A small JSON answer from a path answered before Remix, written directly: Express's res.json
 * (content negotiation, freshness and ETag checks) cost more than the rest of the write path.
 */
function sendJson(res: import("express").Response, status: number, value: unknown) {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

// Reading-time batches, the most frequent request of all: the same function as their Remix route, without Remix.
if (!development) {
  app.post("/learning/:course/:lesson/time", (req, res, next) => {
    readSmallBody(req, entry.MAX_TIME_BATCH_BYTES, next, (body) => {
      res.setHeader("Cache-Control", "private, no-store");
      if (!body) return sendJson(res, 413, { message: "too large" });
      entry
        .recordTimeBatch({
          cookie: req.headers.cookie,
          courseSlug: req.params.course ?? "",
          lessonSlug: req.params.lesson ?? "",
          body: body.toString("utf8"),
        })
        .then((answer) => {
          if (answer.status === 204) return res.status(204).end();
          sendJson(res, answer.status, { message: answer.message });
        }, next);
    });
  });
}

// Redeeming a voucher from the page's script: a whole class at once when a lab session starts.
if (!development) {
  app.post("/compute/redeem", (req, res, next) => {
    readSmallBody(req, entry.MAX_REDEEM_BYTES, next, (body) => {
      res.setHeader("Cache-Control", "private, no-store");
      if (!body) return sendJson(res, 413, { message: "too large" });
      entry
        .redeemFromPage({
          cookie: req.headers.cookie,
          body: body.toString("utf8"),
          clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        })
        .then(async ({ status, answer }) => {
          // A credited code is on disk before the student is told (decision 015).
          await entry.whenDurable();
          sendJson(res, status, answer);
        })
        .catch(next);
    });
  });
}

/**
 * The compute-center API: JSON for machines, never a page, so it needs nothing of Remix. The same
 * function as its Remix route answers it, after the checks above (size, writable database).
 */
function serveComputeApi(
  req: IncomingMessage,
  res: ServerResponse,
  context: { requestId: string; nonce: string; clientIp: string },
  fail: (error: unknown) => void,
) {
  const answer = (body: Buffer) => {
    // What the client signed: the path and query as routed (the same normalisation as Remix's).
    const target = new URL(req.url ?? "/", "http://api.invalid");
    const request = {
      method: req.method ?? "GET",
      target: target.pathname + target.search,
      header: (name: string) => {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
      body,
    };
    // With the other writes of this turn in one transaction (decision 020); an acknowledged hold
    // or usage record is on disk first (decision 015).
    entry
      .inWriteBatch(() => entry.answerComputeApi(request, { ...context, outcome: {} }))
      .then(async (reply) => {
        await entry.whenDurable();
        res.statusCode = reply.status;
        for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
        res.end(reply.body);
      })
      .catch(fail);
  };
  // GET and HEAD carry no body worth reading; a POST's size was checked against Content-Length before.
  if (req.method === "GET" || req.method === "HEAD") return answer(Buffer.alloc(0));
  readSmallBody(req, API_MAX_BODY_BYTES, fail, (body) =>
    body
      ? answer(body)
      : sendRefusal(req, res, 413, "error.tooLarge", { api: true, requestId: context.requestId }),
  );
}

// An API path spelled another way (an empty segment, percent-encoding) still reaches it through Express.
if (!development) {
  app.all("*", (req, res, next) => {
    if (!res.locals.api) return next();
    const context = {
      requestId: String(res.locals.requestId),
      nonce: String(res.locals.nonce),
      clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    };
    serveComputeApi(req, res, context, next);
  });
}

/**
 * The compute API's plainly spelled paths, the center's whole traffic, answered without Express:
 * its router, request and response setup cost a third of each request's time. The same steps as
 * the Express path above take, in the same order, from the same functions: the answer's start
 * (id, headers, log, no cookies), the size and database checks (the Origin check exempts these
 * paths), the API itself, and failures answered as the error handler below answers them. The
 * context's address is the socket's: nothing in the API reads it. A step added to the Express
 * path belongs in one of these functions, or here too (docs/decisions/021).
 */
function answerComputeApiDirectly(req: IncomingMessage, res: ServerResponse) {
  const { requestId, nonce } = startAnswer(req, res, true);
  const how = { api: true, requestId };
  if (!methodsThatRead.has(req.method ?? "GET")) {
    const refused = sizeRefusal(req, res, API_MAX_BODY_BYTES) ?? databaseRefusal(res, requestId);
    if (refused) return sendRefusal(req, res, refused[0], refused[1], how);
  }
  const context = { requestId, nonce, clientIp: req.socket.remoteAddress ?? "unknown" };
  serveComputeApi(req, res, context, (error) => answerFailure(error, req, res, how));
}

const remix = createRemixHandler({
  build,
  mode: process.env.NODE_ENV ?? "production",
  originOf,
  getLoadContext: (req, res) => ({
    requestId: String(res.locals.requestId),
    nonce: String(res.locals.nonce),
    clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
    outcome: {},
  }),
  // Another process held the write lock past the short busy timeout: nothing was written; say so and when to retry.
  // A ledger write (redemption, hold, usage) is acknowledged only once it is fsynced; one fsync serves many requests.
  beforeSend: entry.whenDurable,
  replaceResponse: (context, req, res) =>
    contextOf(context).outcome?.databaseBusy
      ? busyPage(req, String(res.locals.requestId), Boolean(res.locals.api))
      : null,
});
app.all("*", (req, res, next) => {
  // Remix's headers are appended; a document's own CSP must replace the default, not add a second policy.
  const append = res.append.bind(res);
  res.append = (field: string, value?: string[] | string) =>
    field.toLowerCase() === "content-security-policy" && value !== undefined
      ? res.set(field, value)
      : append(field, value);
  return remix(req, res, next);
});

/** What went wrong after the checks: logged, then 400 (a path that does not decode), 503 (busy) or 500. */
function answerFailure(
  error: unknown,
  req: IncomingMessage,
  res: ServerResponse,
  how: { api: boolean; requestId: string },
) {
  const busy = entry.isDatabaseBusy(error);
  if (!(error instanceof URIError))
    writeLog(busy ? "warn" : "error", busy ? "database busy" : "unhandled", {
      requestId: how.requestId,
      path: req.url,
      error: error instanceof Error ? error.stack : String(error),
    });
  if (res.headersSent) return;
  // A path that does not decode is the client's mistake, not ours.
  if (error instanceof URIError) return sendRefusal(req, res, 400, "error.badUrl", how);
  if (busy) {
    res.setHeader("Retry-After", String(RETRY_AFTER_BUSY_S));
    return sendRefusal(req, res, 503, "error.busy", how);
  }
  sendRefusal(req, res, 500, "error.text", how);
}

app.use((error: unknown, req: import("express").Request, res: import("express").Response, _next: unknown) =>
  answerFailure(error, req, res, { api: Boolean(res.locals.api), requestId: String(res.locals.requestId) }),
);

const handle = (req: IncomingMessage, res: ServerResponse) =>
  !development && isOriginExemptPath(req.url ?? "")
    ? answerComputeApiDirectly(req, res)
    : app(req as import("express").Request, res as import("express").Response);

const server = createServer(handle).listen(config.PORT, config.HOST, () => {
  const ms = Math.round(performance.now() - started);
  const lines = [
    `Talent Accelerator is running in ${report.mode} mode on http://localhost:${config.PORT} (ready in ${ms} ms)`,
    `Database: ${report.database}${report.seeded ? " (new, demo data seeded)" : ""}`,
  ];
  if (production) lines.push(`Public address: ${config.PUBLIC_URL}`);
  if (report.mode === "demo") {
    lines.push("Demo mode: plain http, generated session secret, demo accounts. Not for production.");
    lines.push(
      `Demo sign-ins (password "talent-demo-2026"): ${report.demoAccounts.map((a) => `${a.email} (${a.role})`).join(", ")}`,
    );
    if (report.demoJoinPath)
      lines.push(`Demo cohort join link: http://localhost:${config.PORT}${report.demoJoinPath}`);
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
