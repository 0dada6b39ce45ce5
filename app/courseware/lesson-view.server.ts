import type { CompiledLesson } from "./cache.server";
import { type LessonLine, lessonLine } from "./catalogue.server";
import { findLesson } from "./content-index.server";
import { getCompiledLesson, getContentIndex } from "./store.server";
import { type ContentLang, type LabNeed, type PublicQuiz, type TocEntry, otherLang } from "./types";

/**
 * Everything the lesson page shows apart from the body, which is referenced
 * by `bodyKey`. The same for every viewer with the same language (the page
 * cache relies on it): no user data, no answers, no body HTML.
 */
export interface LessonView {
  course: { slug: string; title: string };
  lessons: LessonLine[];
  lesson: {
    slug: string;
    id: string;
    title: string;
    minutes: number;
    required: boolean;
    lab?: LabNeed;
    position: number;
    /** The language shown; differs from the one asked for when a translation is missing. */
    lang: ContentLang;
    fallbackFrom?: ContentLang;
  };
  previous?: { slug: string; title: string };
  next?: { slug: string; title: string };
  toc: TocEntry[];
  quizzes: PublicQuiz[];
  bodyKey: string;
}

/** The lesson in `lang`, or in the other language when it has no translation yet. */
export async function getLessonForReading(courseSlug: string, lessonSlug: string, lang: ContentLang) {
  const found = findLesson(await getContentIndex(), courseSlug, lessonSlug);
  if (!found) return undefined;
  const shownLang = found.lesson.variants[lang] ? lang : otherLang(lang);
  const compiled: CompiledLesson | undefined = await getCompiledLesson({
    courseSlug,
    lessonSlug,
    lang: shownLang,
  });
  return compiled ? { ...found, compiled, shownLang } : undefined;
}

export async function getLessonView(
  courseSlug: string,
  lessonSlug: string,
  lang: ContentLang,
): Promise<LessonView | undefined> {
  const reading = await getLessonForReading(courseSlug, lessonSlug, lang);
  if (!reading) return undefined;
  const { course, lesson, position, compiled, shownLang } = reading;
  const neighbour = (offset: number) => {
    const other = course.lessons[position + offset];
    return other ? { slug: other.slug, title: lessonLine(other, lang).title } : undefined;
  };
  const previous = neighbour(-1);
  const next = neighbour(1);
  return {
    course: { slug: course.slug, title: course.meta.title[lang] },
    lessons: course.lessons.map((entry) => lessonLine(entry, lang)),
    lesson: {
      slug: lesson.slug,
      id: lesson.id,
      title: compiled.frontmatter.title,
      minutes: lesson.minutes,
      required: lesson.required,
      ...(lesson.lab ? { lab: lesson.lab } : {}),
      position: position + 1,
      lang: shownLang,
      ...(shownLang !== lang ? { fallbackFrom: lang } : {}),
    },
    ...(previous ? { previous } : {}),
    ...(next ? { next } : {}),
    toc: compiled.toc,
    quizzes: compiled.quizzes,
    bodyKey: compiled.key,
  };
}
