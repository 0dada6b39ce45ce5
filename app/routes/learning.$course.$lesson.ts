import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { requireCourseReader } from "~/auth/course-access.server";
import { markLessonComplete, openLesson } from "~/models/completion.server";
import { getCourseRules } from "~/models/course-rules.server";
import { labBalances } from "~/models/lab-balance.server";
import { batchSeconds, lessonStateJson, progressSchema } from "~/models/lesson-state.server";
import { addLessonTime } from "~/models/progress.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

/**
 * The per-person half of a lesson page (docs/decisions/003): lesson states,
 * quiz results and completion, fetched apart from the shared cached document.
 * Private and never stored by any cache.
 */
const PRIVATE = { "Cache-Control": "private, no-store" };

async function locate(request: Request, params: LoaderFunctionArgs["params"]) {
  const reader = await requireCourseReader(request, params.course ?? "");
  const rules = reader.courseId ? await getCourseRules(params.course ?? "") : undefined;
  const lesson = rules?.lessons.find((l) => l.slug === params.lesson);
  if (!rules || !lesson || reader.courseId === null)
    throw json({ message: "not found" }, { status: 404, headers: PRIVATE });
  return { viewer: reader.viewer, learner: reader.access === "learner", rules, lesson };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, rules, lesson } = await locate(request, params);
  const db = getDb();
  return json(
    { ...lessonStateJson(db, viewer.id, rules, lesson.id), labBalances: labBalances(db, viewer.id) },
    { headers: PRIVATE },
  );
}

/**
 * Records a page view, a completion or a batch of reading time (learners
 * only: teachers and admins read without a record). Script callers asking
 * for JSON get the new state; a plain form goes back to the lesson.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, learner, rules, lesson } = await locate(request, params);
  const parsed = parseForm(await readForm(request), progressSchema());
  if (!parsed.ok) return json({ message: "invalid progress form" }, { status: 400, headers: PRIVATE });
  const db = getDb();
  const { intent } = parsed.data;
  const seconds = batchSeconds(parsed.data.seconds);
  if (intent === "time" && seconds === null)
    return json({ message: "invalid time batch" }, { status: 400, headers: PRIVATE });
  if (learner) {
    if (intent === "open") openLesson(db, viewer.id, rules, lesson.id);
    else if (intent === "complete") markLessonComplete(db, viewer.id, rules, lesson.id);
    else if (seconds !== null)
      addLessonTime(db, viewer.id, { courseId: rules.courseId, lessonId: lesson.id }, seconds);
  }
  if ((request.headers.get("Accept") ?? "").includes("application/json")) {
    return json(
      { ...lessonStateJson(db, viewer.id, rules, lesson.id), labBalances: labBalances(db, viewer.id) },
      { headers: PRIVATE },
    );
  }
  return redirect(`/courses/${rules.slug}/${lesson.slug}`, { status: 303 });
}
