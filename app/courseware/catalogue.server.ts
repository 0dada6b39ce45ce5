import type { CourseEntry, LessonEntry } from "./content-index.server";
import type { CourseFile } from "./schema.server";
import { getContentIndex } from "./store.server";
import { CONTENT_LANGS, type ContentLang, type CourseLevel, type LabNeed, type LabPool } from "./types";

export interface LessonLine {
  slug: string;
  title: string;
  minutes: number;
  required: boolean;
  lab?: LabNeed;
  /** Languages this lesson exists in. */
  langs: ContentLang[];
}

export interface CourseCard {
  slug: string;
  title: string;
  summary: string;
  level: CourseLevel;
  /** The lessons' minutes added up: the one source of a course's length. */
  totalMinutes: number;
  /** `totalMinutes` in hours, to the nearest half hour (at least half an hour). */
  hours: number;
  lessonCount: number;
  languages: { lang: ContentLang; complete: boolean }[];
  labs: LabNeed[];
}

export interface CourseView extends CourseCard {
  outcomes: string[];
  passMark: number;
  certificate: CourseFile["certificate"];
  lessons: LessonLine[];
}

export function lessonLine(lesson: LessonEntry, lang: ContentLang): LessonLine {
  const shown = lesson.variants[lang] ?? lesson.variants.zh ?? lesson.variants.en;
  return {
    slug: lesson.slug,
    title: shown?.frontmatter.title ?? lesson.slug,
    minutes: lesson.minutes,
    required: lesson.required,
    ...(lesson.lab ? { lab: lesson.lab } : {}),
    langs: CONTENT_LANGS.filter((l) => lesson.variants[l]),
  };
}

/** Lab minutes per pool over the whole course. */
function labTotals(lessons: LessonEntry[]): LabNeed[] {
  const totals = new Map<LabPool, number>();
  for (const { lab } of lessons) if (lab) totals.set(lab.pool, (totals.get(lab.pool) ?? 0) + lab.minutes);
  return [...totals].map(([pool, minutes]) => ({ pool, minutes }));
}

/** Half hours are as precise as a study-time estimate gets. */
export function hoursFromMinutes(minutes: number): number {
  return Math.max(0.5, Math.round(minutes / 30) / 2);
}

function card(course: CourseEntry, lang: ContentLang): CourseCard {
  const { meta, lessons } = course;
  const totalMinutes = lessons.reduce((sum, lesson) => sum + lesson.minutes, 0);
  return {
    slug: course.slug,
    title: meta.title[lang],
    summary: meta.summary[lang],
    level: meta.level,
    totalMinutes,
    hours: hoursFromMinutes(totalMinutes),
    lessonCount: lessons.length,
    languages: CONTENT_LANGS.flatMap((l) => {
      const count = lessons.filter((lesson) => lesson.variants[l]).length;
      return count === 0 ? [] : [{ lang: l, complete: count === lessons.length }];
    }),
    labs: labTotals(lessons),
  };
}

/** The catalogue in the visitor's language, courses in folder order. */
export async function getCatalogue(lang: ContentLang): Promise<CourseCard[]> {
  const index = await getContentIndex();
  return index.courses.filter((course) => course.lessons.length > 0).map((course) => card(course, lang));
}

export async function getCourseView(slug: string, lang: ContentLang): Promise<CourseView | undefined> {
  const index = await getContentIndex();
  const course = index.courses.find((c) => c.slug === slug);
  if (!course || course.lessons.length === 0) return undefined;
  return {
    ...card(course, lang),
    outcomes: course.meta.outcomes[lang],
    passMark: course.meta.passMark,
    certificate: course.meta.certificate,
    lessons: course.lessons.map((lesson) => lessonLine(lesson, lang)),
  };
}
