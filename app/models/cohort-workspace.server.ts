import type { Tx } from "~db/client.server";
import { getContentIndex } from "~/courseware/store.server";
import type { ContentLang } from "~/courseware/types";
import { type CourseRules, getCourseRulesById } from "./course-rules.server";
import { type StaffViewer, cohortForStaff } from "./teaching.server";

export type WorkspaceViewer = StaffViewer;

/**
 * A cohort the viewer may look into: the workspace's one scoping rule
 * (`cohortForStaff`: one they teach, or any for an admin). Undefined
 * otherwise, so another teacher's cohort is as absent as a made-up id.
 */
export function viewableCohort(db: Tx, viewer: WorkspaceViewer, cohortId: number) {
  return cohortForStaff(db, viewer, cohortId);
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
