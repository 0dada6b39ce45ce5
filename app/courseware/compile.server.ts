import { readFileSync } from "node:fs";
import type { QuizKey } from "./answer-key.server";
import type { CompiledLesson } from "./cache.server";
import { type CompileContext, type CompileTarget, createCompileContext } from "./compile-context.server";
import { isMarkdownLesson, quizSidecarFile } from "./content-index.server";
import { parseLessonFrontmatter } from "./frontmatter.server";
import { lessonHast } from "./hast.server";
import { preScan, tooDeepNode } from "./limits.server";
import type { MdNode } from "./mdast.server";
import { loadPipelineDeps, pipelineDeps } from "./pipeline-deps.server";
import { type Problem, hasErrors } from "./problems.server";
import { guardTree } from "./remark-guard.server";
import { guardRawHtml } from "./raw-html.server";
import { remarkHeadings } from "./remark-headings.server";
import { remarkImages } from "./remark-images.server";
import { remarkLabSoftware } from "./remark-lab-software.server";
import { remarkLinks } from "./remark-links.server";
import { appendSidecarQuiz } from "./quiz-sidecar.server";
import { remarkQuiz } from "./remark-quiz.server";
import { renderLessonHtml } from "./render.server";
import { unravelJsxParagraphs } from "./unravel.server";
import { MAX_TREE_DEPTH } from "./limits.server";

export interface CompileResult {
  /** Present only when the file has no errors at all: a lesson with errors is never published. */
  lesson?: CompiledLesson;
  problems: Problem[];
  /** False when the file could not be parsed (size, nesting or syntax), so nothing else was checked. */
  parsed: boolean;
  /** The <Lab> elements found, for the checker to compare with the frontmatter. */
  labs: CompileContext["labs"];
  questionLines: CompileContext["questionLines"];
  answerKey: QuizKey[];
}

interface ParseError {
  reason?: string;
  message?: string;
  line?: number | null;
  column?: number | null;
  place?: { line?: number; column?: number; start?: { line: number; column: number } } | null;
}

/** A syntax error from the MDX parser (a VFileMessage) as a problem at its line. */
function parseProblem(file: string, error: unknown): Problem {
  const { reason, message, line, column, place } = (error ?? {}) as ParseError;
  const at = place && "start" in place && place.start ? place.start : place;
  // Some parser messages carry their position only inside the text: "… (12:1-12:21)".
  const inText = /\((\d+):(\d+)(?:-\d+:\d+)?\)/.exec(String(reason ?? message ?? ""));
  const where = {
    line: at?.line ?? line ?? (Number(inText?.[1]) || undefined),
    column: at?.column ?? column ?? (Number(inText?.[2]) || undefined),
  };
  return {
    severity: "error",
    file,
    ...(where.line ? { line: where.line } : {}),
    ...(where.line && where.column ? { column: where.column } : {}),
    message: String(reason ?? message ?? error).replace(/\s*\(\d+:\d+(?:-\d+:\d+)?\)/, ""),
  };
}

export interface MarkdownOptions {
  /** `$…$` as inline math; off by default in `.md` lessons, where "$5 and $10" is money. */
  inlineMath: boolean;
}

/**
 * Markdown + GFM + math, plus MDX's JSX for `.mdx` lessons, parsed only:
 * acorn reads expressions, nothing evaluates them. Without `markdown` the
 * source is MDX; with it, CommonMark as GitHub reads it (indented code,
 * autolinks, raw HTML kept for the sanitiser).
 */
export async function parseLesson(source: string, markdown?: MarkdownOptions): Promise<MdNode> {
  await loadPipelineDeps();
  return parseLessonSync(source, markdown);
}

/** parseLesson, for callers that have already awaited loadPipelineDeps() (the check's glossary pass). */
export function parseLessonSync(source: string, markdown?: MarkdownOptions): MdNode {
  const deps = pipelineDeps();
  const processor = deps.unified().use(deps.remarkParse);
  if (!markdown) processor.use(deps.remarkMdx);
  processor
    .use(deps.remarkFrontmatter, ["yaml"])
    .use(deps.remarkGfm)
    .use(deps.remarkMath, markdown ? { singleDollarTextMath: markdown.inlineMath } : {});
  return processor.parse(source) as unknown as MdNode;
}

/**
 * Compiles one lesson file to static HTML plus its quiz data. Lessons are
 * data: the source is size- and depth-checked, parsed, guarded (expressions,
 * ESM and anything off the allowlist refused), transformed by our plugins,
 * sanitised and rendered with the static components. No step evaluates
 * anything the author wrote, and a file with any error yields no lesson.
 */
export async function compileLesson(
  target: CompileTarget & { key: string; inlineMath?: boolean },
): Promise<CompileResult> {
  const ctx = createCompileContext(target);
  const finish = (parsed: boolean, lesson?: CompiledLesson): CompileResult => ({
    ...(lesson ? { lesson } : {}),
    problems: ctx.problems,
    parsed,
    labs: ctx.labs,
    questionLines: ctx.questionLines,
    answerKey: ctx.answerKey,
  });
  const source = readFileSync(target.file, "utf8");
  const limit = preScan(source);
  if (limit) {
    ctx.problems.push({ severity: "error", file: target.file, line: limit.line, message: limit.message });
    return finish(false);
  }
  const { frontmatter } = parseLessonFrontmatter(target.file, source);
  const markdown = isMarkdownLesson(target.file) ? { inlineMath: target.inlineMath ?? false } : undefined;
  let tree: MdNode;
  try {
    tree = await parseLesson(source, markdown);
  } catch (error) {
    ctx.problems.push(parseProblem(target.file, error));
    return finish(false);
  }
  const deep = tooDeepNode(tree);
  if (deep) {
    ctx.report(deep, `nesting deeper than ${MAX_TREE_DEPTH} levels of markup`);
    return finish(false);
  }
  unravelJsxParagraphs(tree);
  // Before the guard, so the quiz a `.md` lesson keeps beside it is checked like one written inline.
  const sidecarValid =
    !markdown || appendSidecarQuiz(ctx, tree, quizSidecarFile(target.file, target.lang), markdown.inlineMath);
  guardTree(ctx, tree);
  if (markdown) guardRawHtml(ctx, tree, source);
  // After the guard: the frontmatter, not the author's tag, says which software a lab was written for.
  remarkLabSoftware(ctx, frontmatter?.lab)()(tree);
  for (const plugin of [remarkImages, remarkLinks, remarkQuiz, remarkHeadings]) plugin(ctx)()(tree);
  // An invalid sidecar was reported with its lines; "no quiz" on top of that would send the author looking for one.
  if (!sidecarValid)
    ctx.problems.splice(
      0,
      ctx.problems.length,
      ...ctx.problems.filter(
        (p) => p.line || p.file !== target.file || !p.message.startsWith("every lesson needs a quiz"),
      ),
    );
  if (hasErrors(ctx.problems) || !frontmatter) return finish(true);
  let html: string;
  try {
    const hast = lessonHast(ctx, tree, markdown ? source : undefined);
    if (hasErrors(ctx.problems)) return finish(true);
    html = renderLessonHtml(hast, target.lang);
  } catch (error) {
    ctx.problems.push({
      severity: "error",
      file: target.file,
      message: `render failed: ${error instanceof Error ? error.message : error}`,
    });
    return finish(true);
  }
  const { key, courseSlug, lessonSlug, lang } = target;
  return finish(true, {
    key,
    courseSlug,
    lessonSlug,
    lang,
    frontmatter,
    html,
    toc: ctx.toc,
    quizzes: ctx.quizzes,
    answerKey: ctx.answerKey,
    warnings: ctx.problems,
    labs: ctx.labs,
    questionLines: ctx.questionLines,
  });
}
