import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { messages } from "~/i18n/messages";
import { projectRoot } from "~db/paths.server";
import {
  type ContentIndex,
  courseFile,
  lessonDir,
  lessonFile,
  quizSidecarFile,
} from "./content-index.server";
import { parseLessonSync } from "./compile.server";
import { type ProseSpan, markdownProse, maskInline, mdxProse, svgProse } from "./glossary-prose.server";
import type { Problem } from "./problems.server";
import { parseYamlSource, schemaProblems } from "./yaml-source.server";

/**
 * content/glossary.yml as data: the house terms for Chinese text, and the
 * check that warns on the variants to avoid, on ASCII quotes around Chinese,
 * on italics in Chinese, on dashes in number ranges and on 讲 where 课 is the
 * word, in lessons and in the zh-CN message catalogue alike.
 */

const termSchema = z.strictObject({
  preferred: z.string().min(1),
  english: z.string().min(1),
  applies: z.enum(["lessons", "interface", "both"]),
  courses: z.array(z.string().min(1)).min(1).optional(),
  avoid: z.array(z.string().min(1)).default([]),
  avoid_patterns: z
    .array(
      z.string().refine((source) => {
        try {
          new RegExp(source, "u");
          return true;
        } catch {
          return false;
        }
      }, "must be a valid regular expression"),
    )
    .default([]),
  /** Words that contain a variant but are right as they are (超像素 contains 像素). */
  allow: z.array(z.string().min(1)).default([]),
  note: z.string().optional(),
});
export const glossarySchema = z.strictObject({ terms: z.array(termSchema).min(1) });

export type GlossaryTerm = z.infer<typeof termSchema>;
export type Glossary = z.infer<typeof glossarySchema>;
export type GlossaryScope = { where: "interface" } | { where: "lessons"; course: string };

export const glossaryFile = (root: string) => path.join(root, "glossary.yml");

export function loadGlossary(file: string): { glossary?: Glossary; problems: Problem[] } {
  const source = parseYamlSource(readFileSync(file, "utf8"));
  if (source.syntaxErrors.length > 0) {
    return {
      problems: source.syntaxErrors.map((e) => ({
        severity: "error",
        file,
        line: e.line,
        message: e.message,
      })),
    };
  }
  const parsed = glossarySchema.safeParse(source.value);
  if (!parsed.success) return { problems: schemaProblems(file, source, parsed.error) };
  return { glossary: parsed.data, problems: [] };
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const ASCII_QUOTED = /"([^"]*)"|(?<![A-Za-z])'([^'\n]*)'(?![A-Za-z])/g;
// A number, perhaps with its unit, then a dash and another number: a range, which takes ～.
const DASH_RANGE = /(?<![\d.])\d[\d.,]*(?:\s?[%°‰]|\s?[A-Za-zµ]{1,3}\b)?\s*[–—－]\s*\d[\d.,]*/gu;
// Bold markers and list bullets first, so what is left between single markers is italics.
const ITALIC =
  /(?<![\w*])\*(?![\s*])([^*]+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?![\s_])([^_]+?)(?<!\s)_(?![\w_])/g;

interface Hit {
  start: number;
  end: number;
  message: string;
}

function applies(term: GlossaryTerm, scope: GlossaryScope): boolean {
  if (scope.where === "interface") return term.applies !== "lessons";
  return term.applies !== "interface" && (!term.courses || term.courses.includes(scope.course));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function variantHits(text: string, terms: readonly GlossaryTerm[]): Hit[] {
  const hits: Hit[] = [];
  for (const term of terms) {
    const patterns = [
      ...term.avoid.map((variant) => new RegExp(escapeRegExp(variant), "gu")),
      ...term.avoid_patterns.map((source) => new RegExp(source, "gu")),
    ];
    const allowed = term.allow.flatMap((word) =>
      [...text.matchAll(new RegExp(escapeRegExp(word), "gu"))].map((m) => [m.index, m.index + word.length]),
    );
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (allowed.some(([from = 0, to = 0]) => from <= start && to >= end)) continue;
        const before = text.slice(0, start).trimEnd();
        // 轮（epoch）: a variant glossed right after the preferred term introduces it.
        if (before.endsWith(`${term.preferred}（`) || before.endsWith(`${term.preferred}(`)) continue;
        hits.push({
          start,
          end,
          message: `"${match[0]}": write ${term.preferred} (${term.english}), the glossary's term`,
        });
      }
    }
  }
  // 公共算力中心 also contains 算力中心: report the longest hit at a place once.
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  return hits.filter((hit, i) => !hits.slice(0, i).some((o) => o.start <= hit.start && o.end >= hit.end));
}

function typographyHits(span: ProseSpan): Hit[] {
  const hits: Hit[] = [];
  for (const match of span.text.matchAll(ASCII_QUOTED)) {
    const inner = match[1] ?? match[2] ?? "";
    if (CJK.test(inner))
      hits.push({
        start: match.index,
        end: match.index + match[0].length,
        message: `ASCII quotes around Chinese text (${match[0]}): use “”`,
      });
  }
  for (const match of span.text.matchAll(DASH_RANGE)) {
    hits.push({
      start: match.index,
      end: match.index + match[0].length,
      message: `range written with a dash (${match[0]}): use ～`,
    });
  }
  if (span.markdown) {
    const text = span.text.replace(/\*\*|__/g, "  ").replace(/^\s*[*+-]\s/, "  ");
    for (const match of text.matchAll(ITALIC)) {
      if (CJK.test(match[1] ?? match[2] ?? ""))
        hits.push({
          start: match.index,
          end: match.index + match[0].length,
          message: `italics in Chinese text (${match[0]}): use bold or “” instead`,
        });
    }
  }
  return hits;
}

/** Warnings for one file's prose spans against the terms that apply in `scope`. */
export function proseProblems(
  file: string,
  spans: readonly ProseSpan[],
  glossary: Glossary,
  scope: GlossaryScope,
): Problem[] {
  const terms = glossary.terms.filter((term) => applies(term, scope));
  return spans.flatMap((span) =>
    [...variantHits(span.text, terms), ...typographyHits(span)]
      .sort((a, b) => a.start - b.start)
      .map((hit) => ({ severity: "warning" as const, file, line: span.line, message: hit.message })),
  );
}

export const messagesDir = path.join(projectRoot, "app", "i18n", "messages");

/** The zh-CN side of the message catalogue, each value at the line of its key. */
export function catalogueSpans(dir = messagesDir): { file: string; spans: ProseSpan[] }[] {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".ts") && name !== "index.ts")
    .map((name) => ({
      file: path.join(dir, name),
      lines: readFileSync(path.join(dir, name), "utf8").split("\n"),
    }));
  const byFile = new Map<string, ProseSpan[]>();
  for (const [key, value] of Object.entries(messages)) {
    const needle = `"${key}":`;
    const home = files.find((f) => f.lines.some((line) => line.includes(needle)));
    if (!home) continue;
    const line = home.lines.findIndex((l) => l.includes(needle)) + 1;
    const spans = byFile.get(home.file) ?? [];
    spans.push({ line, text: value.zh, markdown: false });
    byFile.set(home.file, spans);
  }
  return [...byFile].map(([file, spans]) => ({ file, spans }));
}

function courseYamlSpans(file: string): ProseSpan[] {
  const source = parseYamlSource(readFileSync(file, "utf8"));
  const spans: ProseSpan[] = [];
  const visit = (value: unknown, at: (string | number)[]) => {
    if (typeof value === "string") {
      if (at.includes("zh")) spans.push({ line: source.lineOf(at), text: value, markdown: false });
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) visit(v, [...at, i]);
    } else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) visit(v, [...at, k]);
  };
  visit(source.value, []);
  return spans;
}

/** A `.md` lesson's quiz sidecar: prompts, choices and explanations are Markdown prose. */
function quizSidecarSpans(file: string, inlineMath: boolean): ProseSpan[] {
  const source = parseYamlSource(readFileSync(file, "utf8"));
  const questions = (source.value as { questions?: unknown } | undefined)?.questions;
  if (!Array.isArray(questions)) return [];
  return questions.flatMap((question: Record<string, unknown>, i) =>
    ["prompt", "choices", "explanation"].flatMap((field) => {
      const value = question?.[field];
      const texts = Array.isArray(value) ? value : [value];
      return texts.flatMap((text, j) =>
        typeof text === "string"
          ? [
              {
                line: source.lineOf(
                  Array.isArray(value) ? ["questions", i, field, j] : ["questions", i, field],
                ),
                text: maskInline(text, inlineMath),
                markdown: true,
              },
            ]
          : [],
      );
    }),
  );
}

/** A zh lesson's prose in either format, with a `.md` lesson's quiz sidecar. */
function lessonProblems(file: string, glossary: Glossary, scope: GlossaryScope, inlineMath: boolean) {
  const source = readFileSync(file, "utf8");
  if (file.endsWith(".mdx")) return proseProblems(file, mdxProse(source), glossary, scope);
  const problems = proseProblems(
    file,
    markdownProse(source, parseLessonSync(source, { inlineMath }), inlineMath),
    glossary,
    scope,
  );
  const quiz = quizSidecarFile(file, "zh");
  if (existsSync(quiz))
    problems.push(...proseProblems(quiz, quizSidecarSpans(quiz, inlineMath), glossary, scope));
  return problems;
}

/**
 * Everything the glossary covers under `root`: each course's course.yml, zh
 * lessons (MDX and Markdown, with their quiz sidecars) and zh figures, and
 * the zh-CN catalogue. Parses Markdown: call after loadPipelineDeps(). A content folder without a
 * glossary.yml (a test fixture) is not checked.
 */
export function glossaryProblems(root: string, index: ContentIndex): Problem[] {
  const file = glossaryFile(root);
  if (!existsSync(file)) return [];
  const { glossary, problems } = loadGlossary(file);
  if (!glossary) return problems;
  for (const course of index.courses) {
    const scope: GlossaryScope = { where: "lessons", course: course.slug };
    const yml = courseFile(root, course.slug);
    problems.push(...proseProblems(yml, courseYamlSpans(yml), glossary, scope));
    for (const lesson of course.lessons) {
      const zh = lessonFile(root, course.slug, lesson.slug, "zh");
      if (existsSync(zh))
        problems.push(...lessonProblems(zh, glossary, scope, course.meta.markdown.inlineMath));
      const dir = lessonDir(root, course.slug, lesson.slug);
      for (const name of readdirSync(dir).filter((n) => n.endsWith(".zh.svg"))) {
        const svg = path.join(dir, name);
        problems.push(...proseProblems(svg, svgProse(readFileSync(svg, "utf8")), glossary, scope));
      }
    }
  }
  for (const { file: catalogue, spans } of catalogueSpans())
    problems.push(...proseProblems(catalogue, spans, glossary, { where: "interface" }));
  return problems;
}
