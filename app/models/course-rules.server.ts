import type { ContentIndex, CourseEntry, LessonEntry } from "~/courseware/content-index.server";
import { type CourseFile, type QuizSettings, quizSettingsSchema } from "~/courseware/schema.server";
import { getCompiledLesson, getContentIndex } from "~/courseware/store.server";
import type { SummaryRulesInput } from "./progress-summaries.server";

export interface LessonRule {
  /** Stable lesson id (frontmatter), what progress is keyed by. */
  id: string;
  slug: string;
  required: boolean;
  quizIds: string[];
}

/** What completion, attempts and certificates need to know about a course, as content defines it now. */
export interface CourseRules {
  courseId: string;
  slug: string;
  passMark: number;
  certificate: CourseFile["certificate"];
  quizzes: QuizSettings;
  lessons: LessonRule[];
}

export function courseRules(course: CourseEntry, quizIdsOf: (lesson: LessonEntry) => string[]): CourseRules {
  return {
    courseId: course.meta.id,
    slug: course.slug,
    passMark: course.meta.passMark,
    certificate: course.meta.certificate,
    // A manifest written before the setting existed lacks it: the defaults apply.
    quizzes: quizSettingsSchema.parse(course.meta.quizzes ?? {}),
    lessons: course.lessons.map((lesson) => ({
      id: lesson.id,
      slug: lesson.slug,
      required: lesson.required,
      quizIds: quizIdsOf(lesson),
    })),
  };
}

// Rules are asked for on every per-person request (reading time, lesson state, dashboard): built
// once per course entry of the content index. Development re-reads the index on every request, so
// an edited course gets new entries and new rules; rules missing a compiled lesson are not kept.
const builtRules = new WeakMap<CourseEntry, CourseRules>();

async function rulesOf(course: CourseEntry): Promise<CourseRules> {
  const known = builtRules.get(course);
  if (known) return known;
  const quizIds = new Map<string, string[]>();
  let complete = true;
  for (const lesson of course.lessons) {
    // zh and en must agree on their quizzes (content:check), so the first variant speaks for both.
    const lang = lesson.variants.zh ? "zh" : "en";
    const compiled = await getCompiledLesson({ courseSlug: course.slug, lessonSlug: lesson.slug, lang });
    if (!compiled) complete = false;
    quizIds.set(lesson.id, compiled?.quizzes.map((quiz) => quiz.id) ?? []);
  }
  const rules = courseRules(course, (lesson) => quizIds.get(lesson.id) ?? []);
  if (complete) builtRules.set(course, rules);
  return rules;
}

export async function getCourseRules(courseSlug: string): Promise<CourseRules | undefined> {
  const course = (await getContentIndex()).courses.find((c) => c.slug === courseSlug);
  return course ? rulesOf(course) : undefined;
}

export async function getCourseRulesById(courseId: string): Promise<CourseRules | undefined> {
  const course = (await getContentIndex()).courses.find((c) => c.meta.id === courseId);
  return course ? rulesOf(course) : undefined;
}

const builtSummaryRules = new WeakMap<ContentIndex, string>();

/**
 * What progress summaries are counted against (progress-summaries.server.ts): every course's
 * required lessons and quizzes as content defines them now, as JSON. Built once per content index.
 */
export async function summaryRulesJson(): Promise<string> {
  const index = await getContentIndex();
  const known = builtSummaryRules.get(index);
  if (known) return known;
  const all: CourseRules[] = [];
  let complete = true;
  for (const course of index.courses) {
    const rules = await rulesOf(course);
    if (builtRules.get(course) !== rules) complete = false;
    all.push(rules);
  }
  const json = summaryRulesFrom(all);
  if (complete) builtSummaryRules.set(index, json);
  return json;
}

/** The summaries' rules (SummaryRulesInput, as JSON) of these courses. */
export function summaryRulesFrom(courses: readonly CourseRules[]): string {
  const input: SummaryRulesInput = { required: [], quizzes: [] };
  for (const rules of courses) {
    for (const lesson of rules.lessons) {
      if (lesson.required) input.required.push([rules.courseId, lesson.id]);
      for (const quizId of lesson.quizIds) input.quizzes.push([rules.courseId, lesson.id, quizId]);
    }
  }
  return JSON.stringify(input);
}
