import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCourseReader } from "~/auth/course-access.server";
import { requireUser } from "~/auth/permissions.server";
import { findCompiledLesson } from "~/courseware/store.server";

/**
 * A lesson body by content key, for client-side navigation between lessons
 * (the lesson route's loader data never carries it). The key is a content
 * hash, so the answer never changes and may be cached for good.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const lesson = findCompiledLesson(params.key ?? "");
  if (!lesson) return new Response(null, { status: 404, headers: { "X-Content-Type-Options": "nosniff" } });
  // The body of a lesson is for the same people as its page.
  await requireCourseReader(request, lesson.courseSlug);
  return new Response(JSON.stringify({ html: lesson.html }), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "private, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
