/**
 * Express ↔ Remix, as @remix-run/express does it, with one hook: the response
 * Remix produced can be replaced once it is known how the request went (a
 * busy database becomes a 503 whatever kind of route met it: document, data or
 * resource). Remix's own entry hooks cannot do that for resource routes.
 */
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

export interface RemixHandlerOptions {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  /** The origin the request is answered as (PUBLIC_URL in production). */
  originOf: (req: ExpressRequest) => string;
  /** Called with the context after Remix answered; a Response returned here is sent instead. */
  replaceResponse?: (context: AppLoadContext, req: ExpressRequest, res: ExpressResponse) => Response | null;
  /** Awaited before any response is sent: acknowledged ledger writes must be on disk first. */
  beforeSend?: () => Promise<void>;
}

function toRemixRequest(req: ExpressRequest, res: ExpressResponse, origin: string): Request {
  // One origin for the whole request: the one the Origin check compared against (see serve.ts).
  const url = new URL(req.originalUrl, origin);
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headers)) {
    if (values === undefined || name === "x-forwarded-host") continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(name, value);
  }
  headers.set("host", url.host);
  let controller: AbortController | null = new AbortController();
  const signal = controller.signal;
  // Abort loaders and actions when the client went away before the response finished.
  res.on("finish", () => {
    controller = null;
  });
  res.on("close", () => controller?.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

async function send(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * Requests inside Remix at once. More than one, so a request waiting off the main thread (a password
 * hash in the thread pool) does not hold up every other page; few, so the rest queue (fifoGate).
 */
export const REMIX_CONCURRENCY = 4;

/**
 * At most `limit` requests inside Remix at once; the rest wait their turn, first come first served.
 * Remix requests are CPU-bound on one thread: letting 50 in together does not finish them sooner, it
 * interleaves their loaders and renders so each takes as long as all of them, and the unlucky ones
 * many times that. A queue keeps latency near "my place in line × one request".
 */
export function fifoGate(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (running < limit) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      release();
    }
  };
}

export function createRemixHandler({
  build,
  mode,
  getLoadContext,
  originOf,
  replaceResponse,
  beforeSend,
}: RemixHandlerOptions) {
  const handle = createRequestHandler(build, mode);
  const gate = fifoGate(REMIX_CONCURRENCY);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      // Loaders, actions and the render take a place in line; sending (a slow phone) and the
      // durability wait do not.
      const response = await gate(async () => {
        // A client that left while waiting its turn costs nothing more.
        if (req.destroyed) return null;
        const context = getLoadContext(req, res);
        const answered = await handle(toRemixRequest(req, res, originOf(req)), context);
        const replacement = replaceResponse?.(context, req, res);
        if (!replacement) return answered;
        await answered.body?.cancel().catch(() => undefined);
        return replacement;
      });
      if (!response) return;
      await beforeSend?.();
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
}
