import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCourseReader } from "~/auth/course-access.server";
import { requireUser } from "~/auth/permissions.server";
import { findLessonAsset } from "~/courseware/lesson-assets.server";

// Figures are hand-written SVG: even so, opened on their own they may not run script or load anything.
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/** Files beside lessons (figures, small data sets), for the lesson's readers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const splat = params["*"] ?? "";
  const asset = await findLessonAsset(splat);
  if (!asset)
    return new Response("Not found", { status: 404, headers: { "X-Content-Type-Options": "nosniff" } });
  // Files beside a lesson are for the same people as the lesson (the course folder comes first in the path).
  await requireCourseReader(request, splat.split("/")[0] ?? "");
  const etag = `"${asset.version}"`;
  // Lesson HTML links assets as ?v=<content hash>: such a URL never changes content.
  const versioned = new URL(request.url).searchParams.get("v") === asset.version;
  const headers = new Headers({
    "Content-Type": asset.contentType,
    "X-Content-Type-Options": "nosniff",
    ETag: etag,
    "Cache-Control": versioned ? "private, max-age=31536000, immutable" : "private, no-cache",
  });
  if (asset.contentType.startsWith("image/svg")) headers.set("Content-Security-Policy", SVG_POLICY);
  if (!asset.contentType.startsWith("image/"))
    headers.set("Content-Disposition", `attachment; filename="${asset.name}"`);
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(asset.bytes), { status: 200, headers });
}
