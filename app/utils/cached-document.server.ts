import { viewerOfCookieHeader } from "~/auth/session.server";
import { getContentIndex } from "~/courseware/store.server";
import { courseAccess } from "~/models/enrolment.server";
import { getDb } from "~db/client.server";
import { pickEncoding, rememberedDocument } from "./page-cache.server";

/** Lesson URLs exactly as the reader links them: no query, no dot segments, nothing percent-encoded. */
const LESSON_PATH = /^\/courses\/([a-z0-9][a-z0-9-]*)\/[a-z0-9][a-z0-9-]*$/;

export interface CachedDocumentRequest {
  /** The request target as received (path and query). */
  url: string;
  cookie?: string;
  ifNoneMatch?: string;
  acceptEncoding?: string;
}

export interface CachedDocumentResponse {
  status: 200 | 304;
  headers: [string, string][];
  body: Buffer | null;
}

/**
 * A repeat view of a lesson page, answered from the page cache without
 * running Remix (decision 013). The same checks as the lesson route's loaders,
 * through the same functions: a signed-in viewer (session lookup, touch and
 * expiry as always) who may read the course; and the same bytes and headers
 * the Remix path sent for this URL, locale and role, which is everything the
 * page's loader data depends on. Anything else (no session, no access, not
 * cached yet, a query string) returns null and Remix answers as usual.
 */
export async function cachedLessonDocument(
  input: CachedDocumentRequest,
): Promise<CachedDocumentResponse | null> {
  const match = LESSON_PATH.exec(input.url);
  if (!match) return null;
  const viewer = await viewerOfCookieHeader(input.cookie);
  if (!viewer) return null;
  const remembered = rememberedDocument(input.url, viewer.locale, viewer.role);
  if (!remembered) return null;
  const course = (await getContentIndex()).courses.find((c) => c.slug === match[1]);
  if (!course || !courseAccess(getDb(), viewer, course.meta.id)) return null;
  const { page, headers } = remembered;
  if (input.ifNoneMatch === page.etag) return { status: 304, headers, body: null };
  const { body, encoding } = pickEncoding(page, input.acceptEncoding ?? null);
  const sized: [string, string][] = [...headers, ["Content-Length", String(body.length)]];
  if (encoding) sized.push(["Content-Encoding", encoding]);
  return { status: 200, headers: sized, body };
}
