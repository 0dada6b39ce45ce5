import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/permissions.server";
import { findLessonAsset, lessonAssetResponse } from "~/courseware/lesson-assets.server";

/** Files beside lessons (figures, small data sets), for signed-in readers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const asset = await findLessonAsset(params["*"] ?? "");
  if (!asset)
    return new Response("Not found", { status: 404, headers: { "X-Content-Type-Options": "nosniff" } });
  return lessonAssetResponse(request, asset);
}
