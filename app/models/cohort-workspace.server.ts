import { and, eq, exists } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { cohortTeachers, cohorts, universities } from "~db/schema";
import type { RoleName } from "~/auth/permissions";
import { getContentIndex } from "~/courseware/store.server";
import type { ContentLang } from "~/courseware/types";
import { type CourseRules, getCourseRulesById } from "./course-rules.server";

export interface WorkspaceViewer {
  id: number;
  role: RoleName;
}

/**
 * A cohort the viewer may look into: one they teach, or any for an admin.
 * Undefined otherwise, so another teacher's cohort is as absent as a made-up id.
 */
export function viewableCohort(db: Tx, viewer: WorkspaceViewer, cohortId: number) {
  const teaches = exists(
    db
      .select({ one: cohortTeachers.cohortId })
      .from(cohortTeachers)
      .where(and(eq(cohortTeachers.cohortId, cohorts.id), eq(cohortTeachers.userId, viewer.id))),
  );
  return db
    .select({
      id: cohorts.id,
      courseId: cohorts.courseId,
      name: cohorts.name,
      term: cohorts.term,
      startsOn: cohorts.startsOn,
      endsOn: cohorts.endsOn,
      universityZh: universities.nameZh,
      universityEn: universities.nameEn,
    })
    .from(cohorts)
    .innerJoin(universities, eq(universities.id, cohorts.universityId))
    .where(and(eq(cohorts.id, cohortId), viewer.role === "admin" ? undefined : teaches))
    .get();
}

export type ViewableCohort = NonNullable<ReturnType<typeof viewableCohort>>;

export interface OutlineLesson {
  id: string;
  slug: string;
  title: string;
  required: boolean;
  quizIds: string[];
}

/**
 * What the teacher's pages need of the course as content defines it now. A
 * course gone from content still opens, with no lesson columns: its history
 * stays in the database.
 */
export async function courseOutline(courseId: string, lang: ContentLang) {
  const course = (await getContentIndex()).courses.find((c) => c.meta.id === courseId);
  const rules: CourseRules = (await getCourseRulesById(courseId)) ?? {
    courseId,
    slug: "",
    passMark: 100,
    certificate: "required-lessons",
    quizzes: { reveal: "always", attempts: "unlimited", counting: "best" },
    lessons: [],
  };
  const lessons: OutlineLesson[] = rules.lessons.map((rule) => {
    const entry = course?.lessons.find((lesson) => lesson.id === rule.id);
    const variant = entry?.variants[lang] ?? entry?.variants.zh ?? entry?.variants.en;
    return { ...rule, title: variant?.frontmatter.title ?? rule.slug };
  });
  return { title: course?.meta.title[lang] ?? courseId, slug: course?.slug ?? null, rules, lessons };
}

/** The cohort and its course for a teacher's page, or undefined (the route answers 404). */
export async function cohortWorkspace(db: Tx, viewer: WorkspaceViewer, cohortId: number, lang: ContentLang) {
  const cohort = viewableCohort(db, viewer, cohortId);
  if (!cohort) return undefined;
  return { cohort, course: await courseOutline(cohort.courseId, lang) };
}
