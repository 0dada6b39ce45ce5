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
import { isDatabaseBusy } from "~db/client.server";
import { errorFields, log } from "~/utils/log.server";
import { NonceContext } from "~/utils/nonce";
import { contentSecurityPolicy } from "~/utils/csp.server";
import {
  cachePage,
  getCachedPage,
  pageCacheKey,
  pickEncoding,
  rememberDocument,
} from "~/utils/page-cache.server";
import { RequestIdContext } from "~/utils/request-id";

export { boot, writeBlocker } from "~/utils/boot.server";
export { isDatabaseBusy, whenDurable } from "~db/client.server";
export { inWriteBatch } from "~/utils/write-batch.server";
export { cachedLessonDocument } from "~/utils/cached-document.server";
export { MAX_TIME_BATCH_BYTES, recordTimeBatch } from "~/models/time-batch.server";
export { answerComputeApi } from "~/api/compute/dispatch.server";
export { MAX_REDEEM_BYTES, redeemFromPage } from "~/models/redeem.server";

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

const PRIVATE = "private, no-store";
const LESSON_ROUTE = "routes/courses.$course.$lesson";

/**
 * A lesson document's loader data depends only on its URL and the root
 * loader's locale and role: remember which cached page and headers those
 * give, so a repeat view can be answered before Remix runs (decision 013).
 */
function rememberLesson(request: Request, remixContext: EntryContext, key: string, headers: Headers) {
  const state = remixContext.staticHandlerContext;
  if (state.matches.at(-1)?.route.id !== LESSON_ROUTE) return;
  const root = state.loaderData.root as { locale?: unknown; role?: unknown } | undefined;
  if (typeof root?.locale !== "string" || typeof root.role !== "string") return;
  const url = new URL(request.url);
  if (url.search) return;
  rememberDocument(url.pathname, root.locale, root.role, { pageKey: key, headers: [...headers.entries()] });
}

/**
 * Response headers a document needs beyond its route's own: nothing a signed-in
 * person sees (nor the reset page, whose loader says no-store) may be kept by a
 * shared cache or the browser's history; and a 429 or 503 page carries the
 * Retry-After its action or loader set, as its data response does.
 */
function documentHeaders(headers: Headers, remixContext: EntryContext, cacheable: boolean) {
  const state = remixContext.staticHandlerContext;
  const routeHeaders = [...Object.values(state.actionHeaders ?? {}), ...Object.values(state.loaderHeaders)];
  const retryAfter = routeHeaders.map((h) => h.get("Retry-After")).find((v) => v !== null);
  if (retryAfter && !headers.has("Retry-After")) headers.set("Retry-After", retryAfter);
  const signedIn = (state.loaderData.root as { role?: unknown } | undefined)?.role != null;
  const noStore = routeHeaders.some((h) => /no-store/i.test(h.get("Cache-Control") ?? ""));
  // A page-cached document holds nothing personal: the browser may keep it and revalidate by ETag.
  if (cacheable) headers.set("Cache-Control", signedIn ? "private, no-cache" : "no-cache");
  else if (signedIn || noStore) headers.set("Cache-Control", PRIVATE);
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
  const cacheable = isCacheable(request, responseStatusCode, remixContext);
  documentHeaders(responseHeaders, remixContext, cacheable);

  if (cacheable) {
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
    rememberLesson(request, remixContext, key, responseHeaders);
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

/** Loader data of a signed-in person is private like their pages. */
export function handleDataRequest(response: Response, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (
    !response.headers.has("Cache-Control") &&
    /(?:^|;\s*)ta_session=/.test(request.headers.get("Cookie") ?? "")
  ) {
    try {
      response.headers.set("Cache-Control", PRIVATE);
    } catch {
      // Redirects made by Response.redirect have immutable headers and no body worth caching.
    }
  }
  return response;
}

export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return;
  const { requestId, outcome } = contextOf(context);
  const url = new URL(request.url);
  const busy = isDatabaseBusy(error);
  // The server answers 503 with Retry-After instead of the error page (scripts/serve.ts).
  if (busy && outcome) outcome.databaseBusy = true;
  log(busy ? "warn" : "error", busy ? "database busy" : "request failed", {
    requestId,
    method: request.method,
    path: url.pathname + url.search,
    ...errorFields(error),
  });
}
