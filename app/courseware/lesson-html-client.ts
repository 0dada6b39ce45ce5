import { lessonHtmlUrl } from "./urls";

// Keys contain the content hash, so an entry never goes stale.
const fetched = new Map<string, string>();

/** The body of a lesson for client-side navigation: one small JSON request, cached for the session. */
export async function loadLessonHtml(key: string): Promise<string> {
  const known = fetched.get(key);
  if (known !== undefined) return known;
  const response = await fetch(lessonHtmlUrl(key), { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Response(null, { status: response.status });
  const { html } = (await response.json()) as { html: string };
  fetched.set(key, html);
  return html;
}
