import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCourseReader } from "~/auth/course-access.server";
import { requireUser } from "~/auth/permissions.server";
import { findLessonAsset, lessonAssetResponse } from "~/courseware/lesson-assets.server";

/** Files beside lessons (figures, small data sets), for the lesson's readers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const splat = params["*"] ?? "";
  const asset = await findLessonAsset(splat);
  if (!asset)
    return new Response("Not found", { status: 404, headers: { "X-Content-Type-Options": "nosniff" } });
  // Files beside a lesson are for the same people as the lesson (the course folder comes first in the path).
  await requireCourseReader(request, splat.split("/")[0] ?? "");
  return lessonAssetResponse(request, asset);
}
