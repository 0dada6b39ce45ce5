import { existsSync } from "node:fs";
import { answerSignature } from "./answer-key.server";
import type { CompileResult } from "./compile.server";
import { compileLesson } from "./compile.server";
import {
  type ContentIndex,
  type LessonEntry,
  type VariantRef,
  courseFile,
  lessonDir,
  lessonFile,
  linkTargets,
  scanContent,
} from "./content-index.server";
import { glossaryProblems } from "./glossary.server";
import { loadPipelineDeps } from "./pipeline-deps.server";
import { type Ensured, ensureCompiled, inlineMathOf, keyOf } from "./precompile.server";
import type { Problem } from "./problems.server";
import { CONTENT_LANGS, type ContentLang } from "./types";

const SHARED_FIELDS = ["id", "minutes", "required", "lab"] as const;

/** Rules that span files: unique ids, both languages present and agreeing. */
function crossFileProblems(index: ContentIndex): Problem[] {
  const problems: Problem[] = [];
  const courseIds = new Map<string, string>();
  const lessonIds = new Map<string, string>();
  for (const course of index.courses) {
    const first = courseIds.get(course.meta.id);
    const file = courseFile(index.root, course.slug);
    if (first)
      problems.push({
        severity: "error",
        file,
        line: course.idLine,
        message: `course id "${course.meta.id}" is also used by ${first}`,
      });
    else courseIds.set(course.meta.id, course.slug);
    for (const lesson of course.lessons) {
      const where = `${course.slug}/${lesson.slug}`;
      const lang: ContentLang = lesson.variants.zh ? "zh" : "en";
      const firstLesson = lessonIds.get(lesson.id);
      if (firstLesson) {
        const line = lesson.variants[lang]?.fieldLines.id;
        problems.push({
          severity: "error",
          file: lessonFile(index.root, course.slug, lesson.slug, lang),
          line,
          message: `lesson id "${lesson.id}" is also used by ${firstLesson}`,
        });
      } else lessonIds.set(lesson.id, where);
      problems.push(...translationProblems(index.root, course.slug, lesson));
    }
  }
  return problems;
}

function translationProblems(root: string, courseSlug: string, lesson: LessonEntry): Problem[] {
  const { zh, en } = lesson.variants;
  const missing = CONTENT_LANGS.filter(
    (lang) => !existsSync(lessonFile(root, courseSlug, lesson.slug, lang)),
  );
  const problems: Problem[] = missing.map((lang) => ({
    severity: "warning",
    file: lessonFile(root, courseSlug, lesson.slug, lang),
    message: `missing translation: readers of ${lang} will see the other language with a notice`,
  }));
  if (!zh || !en) return problems;
  for (const field of SHARED_FIELDS) {
    const a = JSON.stringify(zh.frontmatter[field] ?? null);
    const b = JSON.stringify(en.frontmatter[field] ?? null);
    if (a !== b) {
      problems.push({
        severity: "error",
        file: lessonFile(root, courseSlug, lesson.slug, "en"),
        line: en.fieldLines[field],
        message: `frontmatter "${field}" differs between zh (${a}) and en (${b}); it must be the same in both`,
      });
    }
  }
  return problems;
}

/** <Lab> elements must match the frontmatter's lab need. */
function labProblems(
  file: string,
  lesson: LessonEntry | undefined,
  lang: ContentLang,
  result: CompileResult,
): Problem[] {
  const variant = lesson?.variants[lang];
  if (!variant) return [];
  const need = variant.frontmatter.lab;
  if (need && result.labs.length === 0) {
    return [
      {
        severity: "error",
        file,
        line: variant.fieldLines.lab,
        message: "frontmatter has lab: but the lesson has no <Lab>",
      },
    ];
  }
  return result.labs.flatMap(({ need: lab, line }) => {
    if (!need)
      return [
        {
          severity: "error" as const,
          file,
          line,
          message: "<Lab> needs a matching lab: (pool, minutes) in the frontmatter",
        },
      ];
    if (lab.pool === need.pool && lab.minutes === need.minutes) return [];
    return [
      {
        severity: "error" as const,
        file,
        line,
        message: `<Lab pool="${lab.pool}" minutes={${lab.minutes}}> does not match the frontmatter lab (${need.pool}, ${need.minutes})`,
      },
    ];
  });
}

/** Quizzes in zh and en must have the same ids and answers: attempts are stored by id and graded by either. */
function quizAgreement(file: string, zh: CompileResult, en: CompileResult): Problem[] {
  // A file that did not parse has its own errors; comparing against nothing would only add noise.
  if (!zh.parsed || !en.parsed) return [];
  const signatures = (result: CompileResult) =>
    new Map(
      result.answerKey.flatMap((quiz) =>
        quiz.questions.map((q) => [`${quiz.id}/${q.id}`, answerSignature(q)]),
      ),
    );
  const zhQuiz = signatures(zh);
  const enQuiz = signatures(en);
  const problems: Problem[] = [];
  for (const id of new Set([...zhQuiz.keys(), ...enQuiz.keys()])) {
    if (zhQuiz.get(id) === enQuiz.get(id)) continue;
    const line = en.questionLines[id];
    const detail = `zh: ${zhQuiz.get(id) ?? "missing"}, en: ${enQuiz.get(id) ?? "missing"}`;
    problems.push({
      severity: "error",
      file,
      ...(line ? { line } : {}),
      message: `quiz question ${id} differs between zh and en (${detail})`,
    });
  }
  return problems;
}

export interface CheckOptions {
  onProgress?: (done: number, total: number, file: string) => void;
  /**
   * Compile through this cache (the build does): a cached lesson had no
   * errors and carries what the checks need, so the result is the same.
   */
  cacheDir?: string;
  onCompiled?: (ref: VariantRef, result: Ensured) => void;
}

/**
 * Validates every course under `root` and compiles every lesson file, so MDX
 * syntax errors are found too. Returns every problem found, sorted by file and line.
 */
export async function checkContent(root: string, options: CheckOptions = {}): Promise<Problem[]> {
  const { index, problems } = scanContent(root);
  // The glossary reads `.md` lessons with the Markdown parser.
  await loadPipelineDeps();
  problems.push(...crossFileProblems(index), ...glossaryProblems(root, index));
  const jobs: (VariantRef & { file: string; lesson?: LessonEntry })[] = index.courses.flatMap((course) =>
    course.meta.lessons.flatMap((lessonSlug) =>
      CONTENT_LANGS.map((lang) => ({
        courseSlug: course.slug,
        lessonSlug,
        lang,
        file: lessonFile(root, course.slug, lessonSlug, lang),
      }))
        .filter((job) => existsSync(job.file))
        .map((job) => ({ ...job, lesson: course.lessons.find((l) => l.slug === lessonSlug) })),
    ),
  );
  const compiled = new Map<string, CompileResult>();
  for (const [done, job] of jobs.entries()) {
    options.onProgress?.(done, jobs.length, job.file);
    const key = keyOf(index, job);
    const result: Ensured = options.cacheDir
      ? await ensureCompiled(index, job, options.cacheDir, key)
      : {
          ...(await compileLesson({
            ...job,
            key,
            lessonDir: lessonDir(root, job.courseSlug, job.lessonSlug),
            hasTarget: linkTargets(index),
            inlineMath: inlineMathOf(index, job),
          })),
          key,
          compiled: true,
        };
    options.onCompiled?.(job, result);
    problems.push(...result.problems, ...labProblems(job.file, job.lesson, job.lang, result));
    const other = compiled.get(`${job.courseSlug}/${job.lessonSlug}`);
    if (other && job.lang === "en") problems.push(...quizAgreement(job.file, other, result));
    compiled.set(`${job.courseSlug}/${job.lessonSlug}`, result);
  }
  options.onProgress?.(jobs.length, jobs.length, "");
  return problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
