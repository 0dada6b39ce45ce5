import { json } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { getContentIndex } from "~/courseware/store.server";
import { type CourseAccess, courseAccess } from "~/models/enrolment.server";
import { requireUser } from "./permissions.server";
import type { Viewer } from "./session.server";

/** What a 403 for a lesson carries so its page can point to the course page and to joining. */
export interface NotEnrolledData {
  forbidden: true;
  notEnrolled: true;
  courseSlug: string;
}

/**
 * For lesson pages and everything served from inside them: the viewer must be
 * signed in and enrolled in a cohort of the course (or teach one, or be an
 * admin). An unknown course passes through with `courseId: null`, so the
 * route answers 404 as before.
 */
export async function requireCourseReader(
  request: Request,
  courseSlug: string,
): Promise<
  | { viewer: Viewer; access: Exclude<CourseAccess, null>; courseId: string }
  | { viewer: Viewer; courseId: null }
> {
  const viewer = await requireUser(request);
  const course = (await getContentIndex()).courses.find((c) => c.slug === courseSlug);
  if (!course) return { viewer, courseId: null };
  const access = courseAccess(getDb(), viewer, course.meta.id);
  if (!access)
    throw json<NotEnrolledData>({ forbidden: true, notEnrolled: true, courseSlug }, { status: 403 });
  return { viewer, access, courseId: course.meta.id };
}
