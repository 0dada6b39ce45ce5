import { viewerOfCookieHeader } from "~/auth/session.server";
import { inWriteBatch } from "~/utils/write-batch.server";
import { getDb } from "~db/client.server";
import { getCourseRules } from "./course-rules.server";
import { courseAccess } from "./enrolment.server";
import { batchSeconds } from "./lesson-state.server";
import { addLessonTime } from "./progress.server";

/** A time batch is one small field; anything bigger is not the reader's. */
export const MAX_TIME_BATCH_BYTES = 1024;

export interface TimeBatchAnswer {
  status: 204 | 400 | 401 | 403 | 404 | 413;
  /** For the log and the curious; the reader sends and forgets. */
  message?: string;
}

/**
 * A batch of visible, active reading time (`seconds=1..60`) for one lesson:
 * the most frequent request of all, so it answers 204 with no state (the
 * reader does not use one) and is served by the server directly in
 * production (decision 013), by the Remix route in development and tests.
 * The same checks as every lesson request: a signed-in course reader and a
 * lesson the course lists. Only learners' time is recorded, with the other
 * writes of the same turn of the event loop in one transaction (decision 020).
 */
export async function recordTimeBatch(input: {
  cookie: string | null | undefined;
  courseSlug: string;
  lessonSlug: string;
  body: string;
}): Promise<TimeBatchAnswer> {
  if (Buffer.byteLength(input.body) > MAX_TIME_BATCH_BYTES) return { status: 413, message: "too large" };
  const viewer = await viewerOfCookieHeader(input.cookie ?? undefined);
  if (!viewer) return { status: 401, message: "not signed in" };
  const rules = await getCourseRules(input.courseSlug);
  const lesson = rules?.lessons.find((l) => l.slug === input.lessonSlug);
  if (!rules || !lesson) return { status: 404, message: "not found" };
  const db = getDb();
  const access = courseAccess(db, viewer, rules.courseId);
  if (!access) return { status: 403, message: "not enrolled" };
  const fields = new URLSearchParams(input.body);
  const raw = fields.getAll("seconds");
  const seconds = raw.length === 1 && /^\d{1,4}$/.test(raw[0] ?? "") ? batchSeconds(raw[0]) : null;
  if (seconds === null) return { status: 400, message: "invalid time batch" };
  if (access === "learner") {
    const ref = { courseId: rules.courseId, lessonId: lesson.id };
    await inWriteBatch(() => addLessonTime(db, viewer.id, ref, seconds));
  }
  return { status: 204 };
}
