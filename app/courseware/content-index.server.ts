import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseLessonFrontmatter } from "./frontmatter.server";
import type { Problem } from "./problems.server";
import { type CourseFile, type LessonFrontmatter, courseSchema } from "./schema.server";
import { CONTENT_LANGS, type ContentLang, type LabNeed } from "./types";
import { SLUG_PATTERN } from "./urls";
import { parseYamlSource, schemaProblems } from "./yaml-source.server";

export interface LessonVariant {
  lang: ContentLang;
  frontmatter: LessonFrontmatter;
  fieldLines: Record<string, number>;
}

export interface LessonEntry {
  slug: string;
  /** Stable id, minutes, required and lab come from the first valid variant (zh, then en). */
  id: string;
  minutes: number;
  required: boolean;
  lab?: LabNeed;
  variants: Partial<Record<ContentLang, LessonVariant>>;
}

export interface CourseEntry {
  slug: string;
  meta: CourseFile;
  idLine: number;
  /** Line of each entry of `lessons:` in course.yml, for reports about a listed lesson. */
  lessonLines: number[];
  lessons: LessonEntry[];
}

/** Plain data (no paths beyond `root`), so it can be written to the build manifest. */
export interface ContentIndex {
  root: string;
  courses: CourseEntry[];
}

export const courseFile = (root: string, course: string) => path.join(root, "courses", course, "course.yml");
export const lessonDir = (root: string, course: string, lesson: string) =>
  path.join(root, "courses", course, lesson);
/** A lesson is written in MDX (`index.<lang>.mdx`) or in plain GitHub Markdown (`index.<lang>.md`). */
export const LESSON_EXTENSIONS = [".mdx", ".md"] as const;

/** The lesson file for `lang`: the `.mdx` one, else the `.md` one, else where an `.mdx` one would go. */
export function lessonFile(root: string, course: string, lesson: string, lang: ContentLang): string {
  const [mdx, md] = LESSON_EXTENSIONS.map((ext) =>
    path.join(lessonDir(root, course, lesson), `index.${lang}${ext}`),
  );
  return !existsSync(mdx as string) && existsSync(md as string) ? (md as string) : (mdx as string);
}

export const isMarkdownLesson = (file: string) => file.endsWith(".md");

/** The quiz of a `.md` lesson, which cannot hold <Quiz>: a YAML file beside it. */
export const quizSidecarFile = (lessonFile: string, lang: ContentLang) =>
  path.join(path.dirname(lessonFile), `quiz.${lang}.yml`);

function listFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith(".") && statSync(path.join(dir, name)).isDirectory())
    .sort();
}

function readLesson(
  root: string,
  course: string,
  slug: string,
  problems: Problem[],
): LessonEntry | undefined {
  const variants: LessonEntry["variants"] = {};
  for (const lang of CONTENT_LANGS) {
    const file = lessonFile(root, course, slug, lang);
    if (!existsSync(file)) continue;
    if (file.endsWith(".mdx") && existsSync(file.slice(0, -1)))
      problems.push({
        severity: "error",
        file: file.slice(0, -1),
        message: `both index.${lang}.mdx and index.${lang}.md exist: keep one (the .md one is ignored)`,
      });
    const parsed = parseLessonFrontmatter(file, readFileSync(file, "utf8"));
    problems.push(...parsed.problems);
    if (parsed.frontmatter)
      variants[lang] = { lang, frontmatter: parsed.frontmatter, fieldLines: parsed.fieldLines };
  }
  const primary = variants.zh ?? variants.en;
  if (!primary) return undefined;
  const { id, minutes, required, lab } = primary.frontmatter;
  return { slug, id, minutes, required, ...(lab ? { lab } : {}), variants };
}

/** course.yml says which lessons are required; each lesson's frontmatter must agree. */
function requiredProblems(root: string, course: string, lesson: LessonEntry, required: boolean): Problem[] {
  return Object.values(lesson.variants)
    .filter((variant) => variant.frontmatter.required !== required)
    .map((variant) => ({
      severity: "error" as const,
      file: lessonFile(root, course, lesson.slug, variant.lang),
      line: variant.fieldLines.required,
      message: `"required: ${variant.frontmatter.required}" disagrees with course.yml, which ${
        required ? "does not list this lesson under optional:" : "lists this lesson under optional:"
      }`,
    }));
}

function readCourse(root: string, slug: string, problems: Problem[]): CourseEntry | undefined {
  const file = courseFile(root, slug);
  if (!SLUG_PATTERN.test(slug)) {
    problems.push({
      severity: "error",
      file: path.dirname(file),
      message: "course folder names must be lower-case letters, digits and hyphens",
    });
    return undefined;
  }
  if (!existsSync(file)) {
    problems.push({ severity: "error", file, message: "course.yml is missing" });
    return undefined;
  }
  const yaml = parseYamlSource(readFileSync(file, "utf8"));
  for (const e of yaml.syntaxErrors)
    problems.push({ severity: "error", file, line: e.line, message: e.message });
  if (yaml.syntaxErrors.length > 0) return undefined;
  const parsed = courseSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) {
    problems.push(...schemaProblems(file, yaml, parsed.error));
    return undefined;
  }
  const meta = parsed.data;
  const lessonLines = meta.lessons.map((_, index) => yaml.lineOf(["lessons", index]));
  const lessons: LessonEntry[] = [];
  meta.lessons.forEach((lessonSlug, index) => {
    if (!existsSync(lessonDir(root, slug, lessonSlug))) {
      problems.push({
        severity: "error",
        file,
        line: lessonLines[index],
        message: `lesson folder "${lessonSlug}" does not exist`,
      });
      return;
    }
    const lesson = readLesson(root, slug, lessonSlug, problems);
    if (lesson) {
      lessons.push(lesson);
      problems.push(...requiredProblems(root, slug, lesson, !meta.optional.includes(lessonSlug)));
    } else if (!CONTENT_LANGS.some((lang) => existsSync(lessonFile(root, slug, lessonSlug, lang)))) {
      problems.push({
        severity: "error",
        file,
        line: lessonLines[index],
        message: `lesson "${lessonSlug}" has no lesson file (index.zh.mdx, index.en.mdx, index.zh.md or index.en.md)`,
      });
    }
  });
  for (const folder of listFolders(path.dirname(file))) {
    if (!meta.lessons.includes(folder)) {
      problems.push({
        severity: "warning",
        file,
        message: `folder "${folder}" is not listed under lessons: and will not be published`,
      });
    }
  }
  return { slug, meta, idLine: yaml.lineOf(["id"]), lessonLines, lessons };
}

/**
 * Reads every course.yml and lesson frontmatter under `root` (the `content/`
 * folder). Invalid pieces are left out of the index and reported; the checker
 * adds the cross-file rules (see check.server.ts).
 */
export function scanContent(root: string): { index: ContentIndex; problems: Problem[] } {
  const problems: Problem[] = [];
  const courses: CourseEntry[] = [];
  for (const slug of listFolders(path.join(root, "courses"))) {
    const course = readCourse(root, slug, problems);
    if (course) courses.push(course);
  }
  return { index: { root, courses }, problems };
}

export function findLesson(index: ContentIndex, courseSlug: string, lessonSlug: string) {
  const course = index.courses.find((c) => c.slug === courseSlug);
  const position = course ? course.lessons.findIndex((l) => l.slug === lessonSlug) : -1;
  const lesson = course?.lessons[position];
  return course && lesson ? { course, lesson, position } : undefined;
}

export interface VariantRef {
  courseSlug: string;
  lessonSlug: string;
  lang: ContentLang;
}

export const variantId = (ref: VariantRef) => `${ref.courseSlug}/${ref.lessonSlug}/${ref.lang}`;

/** Every lesson file the index publishes, in catalogue order. */
export function listVariants(index: ContentIndex): VariantRef[] {
  return index.courses.flatMap((course) =>
    course.lessons.flatMap((lesson) =>
      CONTENT_LANGS.filter((lang) => lesson.variants[lang]).map((lang) => ({
        courseSlug: course.slug,
        lessonSlug: lesson.slug,
        lang,
      })),
    ),
  );
}

/** Whether a link target exists: a course, or a lesson listed in its course.yml. */
export function linkTargets(index: ContentIndex) {
  return (courseSlug: string, lessonSlug?: string) => {
    const course = index.courses.find((c) => c.slug === courseSlug);
    return Boolean(course && (lessonSlug === undefined || course.meta.lessons.includes(lessonSlug)));
  };
}
