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

export function createRemixHandler({
  build,
  mode,
  getLoadContext,
  originOf,
  replaceResponse,
  beforeSend,
}: RemixHandlerOptions) {
  const handle = createRequestHandler(build, mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const context = getLoadContext(req, res);
      let response = await handle(toRemixRequest(req, res, originOf(req)), context);
      const replacement = replaceResponse?.(context, req, res);
      if (replacement) {
        await response.body?.cancel().catch(() => undefined);
        response = replacement;
      }
      await beforeSend?.();
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
}
