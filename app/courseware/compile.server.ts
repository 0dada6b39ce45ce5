import { readFileSync } from "node:fs";
import type { CompiledLesson } from "./cache.server";
import { type CompileContext, type CompileTarget, createCompileContext } from "./compile-context.server";
import { parseLessonFrontmatter } from "./frontmatter.server";
import type { Problem } from "./problems.server";
import { remarkGuard } from "./remark-guard.server";
import { remarkHeadings } from "./remark-headings.server";
import { remarkLabSoftware } from "./remark-lab-software.server";
import { remarkLinks } from "./remark-links.server";
import { remarkQuiz } from "./remark-quiz.server";
import { loadPipelineDeps } from "./pipeline-deps.server";
import { rehypeFocusableMath } from "./rehype-focusable-math.server";
import { renderLessonHtml } from "./render.server";

export interface CompileResult {
  lesson?: CompiledLesson;
  problems: Problem[];
  /** The <Lab> elements found, for the checker to compare with the frontmatter. */
  labs: CompileContext["labs"];
  questionLines: CompileContext["questionLines"];
}

type Transformer = (tree: unknown, file: unknown) => void;
interface MessageOptions {
  place?: { start?: { line: number; column: number }; line?: number };
  cause?: unknown;
}

/** Runs a rehype transformer with a file stand-in that turns its messages into problems with lines. */
function reporting(ctx: CompileContext, make: () => Transformer, severity: Problem["severity"]) {
  return () => (tree: unknown) =>
    make()(tree, {
      message(reason: string, options?: MessageOptions) {
        const line = options?.place?.start?.line ?? options?.place?.line;
        const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
        ctx.problems.push({
          severity,
          file: ctx.file,
          ...(line ? { line } : {}),
          message: `${reason}${cause}`,
        });
      },
    });
}

/**
 * esbuild failures carry a location; MDX parse errors arrive at line 0 with
 * the real position inside the text ("… (12:1-12:21)"), so read it from there.
 */
function buildProblems(file: string, error: unknown): Problem[] {
  const errors = (
    error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }
  ).errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    return [{ severity: "error", file, message: error instanceof Error ? error.message : String(error) }];
  }
  return errors.map((e) => {
    const inText = /\((\d+):(\d+)(?:-\d+:\d+)?\)\s*$/.exec(e.text);
    const line = e.location?.line || Number(inText?.[1]) || undefined;
    const column = e.location?.line ? e.location.column + 1 : Number(inText?.[2]) || undefined;
    const message = (e.text.split("\n").at(-1) ?? e.text)
      .replace(/^\s*\d+:\d+:\s*/, "")
      .replace(/\s*\(\d+:\d+(?:-\d+:\d+)?\)\s*$/, "");
    return {
      severity: "error" as const,
      file,
      ...(line ? { line } : {}),
      ...(column ? { column } : {}),
      message,
    };
  });
}

/**
 * Compiles one lesson file to static HTML plus its quiz data: mdx-bundler
 * with our remark/rehype plugins, then one renderToStaticMarkup. Only files
 * under content/ reach this (the index only lists those), and the guard
 * plugin refuses imports, so nothing else is ever bundled.
 */
export async function compileLesson(target: CompileTarget & { key: string }): Promise<CompileResult> {
  const ctx = createCompileContext(target);
  const finish = (lesson?: CompiledLesson): CompileResult => ({
    ...(lesson ? { lesson } : {}),
    problems: ctx.problems,
    labs: ctx.labs,
    questionLines: ctx.questionLines,
  });
  const source = readFileSync(target.file, "utf8");
  const { frontmatter } = parseLessonFrontmatter(target.file, source);
  // Loaded on first compile only: a production server that finds its cache warm never needs them.
  const { bundleMDX, remarkGfm, remarkMath, rehypeKatex, rehypeHighlight } = await loadPipelineDeps();
  let code: string;
  try {
    ({ code } = await bundleMDX({
      source,
      cwd: target.lessonDir,
      mdxOptions(options) {
        options.remarkPlugins = [
          ...(options.remarkPlugins ?? []),
          remarkGfm,
          remarkMath,
          remarkGuard(ctx),
          remarkLabSoftware(ctx, frontmatter?.lab),
          remarkLinks(ctx),
          remarkQuiz(ctx),
          remarkHeadings(ctx),
        ];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          reporting(ctx, () => rehypeKatex({ strict: "ignore" }) as Transformer, "error"),
          rehypeFocusableMath,
          reporting(
            ctx,
            () => rehypeHighlight({ plainText: ["text", "txt", "plain"] }) as Transformer,
            "warning",
          ),
        ];
        return options;
      },
      // Failures come back as problems with lines; esbuild's own console report would only repeat them.
      esbuildOptions: (options) => ({ ...options, logLevel: "silent" }),
    }));
  } catch (error) {
    ctx.problems.push(...buildProblems(target.file, error));
    return finish();
  }
  let html: string;
  try {
    html = renderLessonHtml(code, target.lang);
  } catch (error) {
    ctx.problems.push({
      severity: "error",
      file: target.file,
      message: `render failed: ${error instanceof Error ? error.message : error}`,
    });
    return finish();
  }
  if (!frontmatter) return finish();
  const { key, courseSlug, lessonSlug, lang } = target;
  return finish({
    key,
    courseSlug,
    lessonSlug,
    lang,
    frontmatter,
    html,
    toc: ctx.toc,
    quizzes: ctx.quizzes,
    answerKey: ctx.answerKey,
  });
}
