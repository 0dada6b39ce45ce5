import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { cohorts, enrolments } from "~db/schema";
import { getContentIndex } from "~/courseware/store.server";
import type { ContentLang } from "~/courseware/types";
import { courseStatus } from "./completion.server";
import { getCourseRulesById } from "./course-rules.server";

export interface DashboardCourse {
  courseId: string;
  slug: string | null;
  title: string;
  cohort: string;
  term: string;
  status: "active" | "completed";
  completedRequired: number;
  requiredLessons: number;
  percent: number;
  quizAverage: number | null;
  passMark: number | null;
  continueSlug: string | null;
  continueTitle: string | null;
  certificate: { id: string; revoked: boolean } | null;
}

/**
 * The signed-in learner's home: each course they are enrolled in (newest
 * enrolment per course), how far they are, where to continue, and the certificate.
 */
export async function learnerDashboard(
  db: Tx,
  userId: number,
  lang: ContentLang,
): Promise<DashboardCourse[]> {
  const rows = db
    .select({ enrolment: enrolments, cohort: cohorts })
    .from(enrolments)
    .innerJoin(cohorts, eq(cohorts.id, enrolments.cohortId))
    .where(and(eq(enrolments.userId, userId), inArray(enrolments.status, ["active", "completed"])))
    .orderBy(enrolments.enrolledAt)
    .all()
    .reverse();
  const index = await getContentIndex();
  const seen = new Set<string>();
  const result: DashboardCourse[] = [];
  for (const { enrolment, cohort } of rows) {
    if (seen.has(cohort.courseId)) continue;
    seen.add(cohort.courseId);
    const course = index.courses.find((c) => c.meta.id === cohort.courseId);
    const rules = await getCourseRulesById(cohort.courseId);
    const status = rules ? courseStatus(db, userId, rules) : undefined;
    const next =
      status?.lessons.find((l) => l.slug === status.lastLessonSlug && l.state !== "complete") ??
      status?.lessons.find((l) => l.state !== "complete");
    const nextEntry = next && course?.lessons.find((l) => l.slug === next.slug);
    const variant = nextEntry && (nextEntry.variants[lang] ?? nextEntry.variants.zh ?? nextEntry.variants.en);
    const required = status?.completion.requiredLessons ?? 0;
    const done = status?.completion.completedRequired ?? 0;
    result.push({
      courseId: cohort.courseId,
      slug: course?.slug ?? null,
      title: course?.meta.title[lang] ?? cohort.courseId,
      cohort: cohort.name,
      term: cohort.term,
      status: enrolment.status === "completed" ? "completed" : "active",
      completedRequired: done,
      requiredLessons: required,
      percent: required === 0 ? 0 : Math.round((100 * done) / required),
      quizAverage: status?.completion.quizAverage ?? null,
      passMark: rules?.passMark ?? null,
      continueSlug: next?.slug ?? null,
      continueTitle: variant?.frontmatter.title ?? null,
      certificate: status?.certificate
        ? { id: status.certificate.id, revoked: status.certificate.revokedAt !== null }
        : null,
    });
  }
  return result;
}
