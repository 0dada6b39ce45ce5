import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import type { ReactNode } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { LessonHtmlContext } from "~/courseware/html-context";
import { getLessonHtml } from "~/courseware/store.server";
import { contextOf } from "~/utils/context";
import { appMode } from "~/utils/env.server";
import { errorFields, log } from "~/utils/log.server";
import { NonceContext } from "~/utils/nonce";
import { contentSecurityPolicy } from "~/utils/csp.server";
import { cachePage, getCachedPage, pageCacheKey, pickEncoding } from "~/utils/page-cache.server";
import { RequestIdContext } from "~/utils/request-id";

export { boot } from "~/utils/boot.server";

const ABORT_DELAY = 5_000;

function Providers({
  nonce,
  requestId,
  children,
}: {
  nonce: string;
  requestId: string;
  children: ReactNode;
}) {
  return (
    <NonceContext.Provider value={nonce}>
      <RequestIdContext.Provider value={requestId}>
        <LessonHtmlContext.Provider value={getLessonHtml}>{children}</LessonHtmlContext.Provider>
      </RequestIdContext.Provider>
    </NonceContext.Provider>
  );
}

/** Routes may opt in to whole-document caching when their loader data is the same for every viewer. */
function isCacheable(request: Request, status: number, remixContext: EntryContext): boolean {
  if (request.method !== "GET" || status !== 200 || appMode() === "development") return false;
  const state = remixContext.staticHandlerContext;
  if (state.actionData || state.errors) return false;
  const leaf = state.matches.at(-1);
  const handle = leaf
    ? (remixContext.routeModules[leaf.route.id]?.handle as { pageCache?: boolean } | undefined)
    : undefined;
  return handle?.pageCache === true;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const { nonce, requestId } = contextOf(loadContext);
  const development = appMode() === "development";
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");

  if (isCacheable(request, responseStatusCode, remixContext)) {
    const key = pageCacheKey(new URL(request.url), remixContext.serverHandoffString ?? "");
    const page =
      getCachedPage(key) ??
      cachePage(
        key,
        // No nonce: every viewer gets the same bytes, allowed by hashes. cachePage adds the doctype
        // (renderToString leaves it out; the streaming renderer below writes it itself).
        renderToString(
          <Providers nonce="" requestId="">
            <RemixServer context={remixContext} url={request.url} />
          </Providers>,
        ),
        (hashes) => contentSecurityPolicy(hashes, development),
      );
    responseHeaders.set("Content-Security-Policy", page.csp);
    responseHeaders.set("ETag", page.etag);
    responseHeaders.append("Vary", "Accept-Encoding");
    if (request.headers.get("If-None-Match") === page.etag) {
      // Returned, not thrown: a thrown Response would carry X-Remix-Catch into the browser's cache.
      return new Response(null, { status: 304, headers: responseHeaders });
    }
    const { body, encoding } = pickEncoding(page, request.headers.get("Accept-Encoding"));
    if (encoding) responseHeaders.set("Content-Encoding", encoding);
    responseHeaders.set("Content-Length", String(body.length));
    return new Response(body as Uint8Array<ArrayBuffer>, {
      status: responseStatusCode,
      headers: responseHeaders,
    });
  }

  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy([`'nonce-${nonce}'`], development));
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <Providers nonce={nonce} requestId={requestId}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </Providers>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are already streaming; they still belong in the log.
          if (shellRendered) log("error", "render failed", { requestId, ...errorFields(error) });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  const { requestId } = contextOf(context);
  const url = new URL(request.url);
  log("error", "request failed", {
    requestId,
    method: request.method,
    path: url.pathname,
    ...errorFields(error),
  });
}
