import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { z } from "zod";
import { parseLesson } from "./compile.server";
import {
  findQuizFolder,
  quizNumbersIn,
  readQuizSources,
  SIDECAR_QUIZ_ID,
  sidecarFor,
} from "./import-quizzes.server";
import type { MdNode } from "./mdast.server";
import { textOf, walk } from "./mdast.server";
import type { Problem } from "./problems.server";
import type { ContentLang } from "./types";
import { quizAnchor } from "./urls";
import { parseYamlSource, schemaProblems } from "./yaml-source.server";

/** Where a lesson's Chinese translation may sit, relative to its folder (matched case-insensitively). */
const ZH_CANDIDATES = [
  "README.zh.md",
  "README.zh-CN.md",
  "README.zh-Hans.md",
  "translations/README.zh.md",
  "translations/README.zh-CN.md",
  "translations/README.zh-Hans.md",
  "translations/zh/README.md",
  "translations/zh-CN/README.md",
];
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const HTML_IMG_SRC = /(<img\b[^>]*?\bsrc\s*=\s*)(["'])([^"']*)\2/gi;

export const linksFileSchema = z.strictObject({
  /** Where the source's other files are published, e.g. https://github.com/<owner>/<repo>/blob/main */
  base: z.url({ protocol: /^https?$/ }),
});

export interface ImportOptions {
  source: string;
  contentRoot: string;
  course: string;
  linksFile?: string;
  /** The quiz app's translations folder (auto-detected above the source when not given). */
  quizzes?: string;
  onProgress?: (done: number, total: number, lesson: string) => void;
}

export interface ImportResult {
  /** Files written or rewritten; an unchanged file is not written again. */
  written: string[];
  /** Everything the import could not do, with the source file and line. */
  problems: Problem[];
  /** Remote images a person must download into the lesson folder. */
  remoteImages: { file: string; line?: number; url: string }[];
}

interface SourceLesson {
  folder: string;
  slug: string;
  files: Partial<Record<ContentLang, string>>;
}

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

/** The file in `dir` whose path matches `relative` ignoring case (translations/README.zh-cn.md). */
function findInsensitive(dir: string, relative: string): string | undefined {
  let current = dir;
  for (const part of relative.split("/")) {
    if (!existsSync(current) || !statSync(current).isDirectory()) return undefined;
    const match = readdirSync(current).find((name) => name.toLowerCase() === part.toLowerCase());
    if (!match) return undefined;
    current = path.join(current, match);
  }
  return statSync(current).isFile() ? current : undefined;
}

function sourceLessons(source: string): SourceLesson[] {
  return readdirSync(source)
    .filter((name) => !name.startsWith(".") && statSync(path.join(source, name)).isDirectory())
    .sort()
    .flatMap((folder) => {
      const dir = path.join(source, folder);
      const en = findInsensitive(dir, "README.md");
      if (!en) return [];
      const zh = ZH_CANDIDATES.map((candidate) => findInsensitive(dir, candidate)).find(Boolean);
      return [{ folder, slug: slugOf(folder), files: { en, ...(zh ? { zh } : {}) } }];
    });
}

/** Writes only when the bytes differ, so re-running an import over the same source changes nothing. */
function writeIfChanged(file: string, content: string | Buffer, written: string[]) {
  if (existsSync(file) && readFileSync(file).equals(Buffer.from(content))) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  written.push(file);
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The raw text of `url` inside a node's source (it may be written encoded or in <…>). */
function rawUrlSpan(
  source: string,
  node: MdNode & { position?: { start: { offset?: number }; end?: { offset?: number } } },
  url: string,
) {
  const start = node.position?.start.offset ?? 0;
  const end = (node.position as { end?: { offset?: number } } | undefined)?.end?.offset ?? start;
  const slice = source.slice(start, end);
  for (const candidate of [url, encodeURI(url), url.replace(/ /g, "%20")]) {
    const at = slice.lastIndexOf(candidate);
    if (at >= 0) return { start: start + at, end: start + at + candidate.length };
  }
  return undefined;
}

interface LessonContext {
  options: ImportOptions;
  lessons: SourceLesson[];
  lesson: SourceLesson;
  lessonDir: string;
  base?: string;
  result: ImportResult;
  /** Source image path → name beside the lesson, shared by both languages. */
  images: Map<string, string>;
  quizSources: ReturnType<typeof readQuizSources>;
}

/** A relative image: copied beside the lesson under a plain name; returns that name. */
function copyImage(ctx: LessonContext, from: string, url: string, line?: number): string | undefined {
  const clean = decodeURIComponent(url.replace(/[?#].*$/, ""));
  const file = path.resolve(path.dirname(from), clean);
  if (!existsSync(file) || !statSync(file).isFile()) {
    ctx.result.problems.push({
      severity: "error",
      file: from,
      ...(line ? { line } : {}),
      message: `image "${url}" is not in the source: add it beside the lesson`,
    });
    return undefined;
  }
  const known = ctx.images.get(file);
  if (known) return known;
  const ext = path.extname(file).toLowerCase();
  const stem = slugOf(path.basename(file, path.extname(file))) || "image";
  let name = `${stem}${ext}`;
  for (let n = 2; [...ctx.images.values()].includes(name); n++) name = `${stem}-${n}${ext}`;
  ctx.images.set(file, name);
  writeIfChanged(path.join(ctx.lessonDir, name), readFileSync(file), ctx.result.written);
  return name;
}

/** A relative link: to an imported lesson's page, else to the source's published copy. */
function linkTarget(ctx: LessonContext, from: string, url: string, line?: number): string | undefined {
  const [pathPart = "", ...hashParts] = url.split("#");
  const hash = hashParts.length ? `#${hashParts.join("#")}` : "";
  const target = path.resolve(path.dirname(from), decodeURIComponent(pathPart));
  const relative = path.relative(path.resolve(ctx.options.source), target);
  const [top, ...rest] = relative.split(path.sep);
  const lesson = ctx.lessons.find((l) => l.folder === top);
  if (lesson && (rest.length === 0 || /^(translations\/)?readme(\.[a-z-]+)?\.md$/i.test(rest.join("/"))))
    return `../${lesson.slug}${hash}`;
  if (!ctx.base) {
    ctx.result.problems.push({
      severity: "error",
      file: from,
      ...(line ? { line } : {}),
      message: `link "${url}" needs a base URL: pass --links links.yml with base:`,
    });
    return undefined;
  }
  // Resolved as a browser would, so "../other-unit/x.md" leaves the folder the way it does on the source's site.
  const path_ = relative.split(path.sep).map(encodeURIComponent).join("/");
  return new URL(`${path_}${hash}`, ctx.base.endsWith("/") ? ctx.base : `${ctx.base}/`).href;
}

/**
 * Nothing is fetched: a remote image becomes a link to it (inside a link,
 * such as a video thumbnail, just its alt text), so the lesson still reads
 * and passes the check; the report lists it for a person to download.
 */
function remoteImage(
  ctx: LessonContext,
  source: string,
  file: string,
  node: MdNode,
  parent: MdNode | undefined,
  edits: Edit[],
) {
  const pos = node.position as
    | { start: { line: number; offset?: number }; end?: { offset?: number } }
    | undefined;
  const url = node.url ?? "";
  ctx.result.remoteImages.push({ file, ...(pos ? { line: pos.start.line } : {}), url });
  const start = pos?.start.offset;
  const end = pos?.end?.offset;
  if (start === undefined || end === undefined || source[start] !== "!") return;
  const alt = ((node as { alt?: string }).alt ?? "").replace(/[[\]\\]/g, "\\$&") || "image";
  edits.push({ start, end, text: parent?.type === "link" ? alt : `[${alt}](${url})` });
}

async function convert(ctx: LessonContext, file: string, lang: ContentLang, minutes: number) {
  const source = readFileSync(file, "utf8");
  const tree = await parseLesson(source, { inlineMath: false });
  const edits: Edit[] = [];
  const externalLinks: string[] = [];
  // Links to the curriculum's quiz app: they lead to the lesson's own quiz once it is imported.
  const quizLinks: { start: number; end: number }[] = [];
  let title: string | undefined;
  walk(tree, (node, parent) => {
    const pos = node.position as
      | { start: { line: number; offset?: number }; end?: { offset?: number } }
      | undefined;
    const line = pos?.start.line;
    if (!title && node.type === "heading" && node.depth === 1 && parent === tree) {
      title = textOf(node).trim();
      const end = pos?.end?.offset ?? 0;
      edits.push({ start: pos?.start.offset ?? 0, end: source[end] === "\n" ? end + 1 : end, text: "" });
      return;
    }
    const url = node.url;
    if ((node.type === "image" || node.type === "link" || node.type === "definition") && url) {
      if (url.startsWith("#")) return;
      if (EXTERNAL.test(url)) {
        if (node.type !== "image") externalLinks.push(url);
        if (node.type !== "image" && quizNumbersIn([url]).length > 0) {
          const span = rawUrlSpan(source, node, url);
          if (span) quizLinks.push(span);
        }
        if (node.type === "image") remoteImage(ctx, source, file, node, parent, edits);
        return;
      }
      const span = rawUrlSpan(source, node, url);
      const isImage = node.type === "image" || /\.(png|jpe?g|gif|svg|webp)$/i.test(url);
      const replacement = isImage ? copyImage(ctx, file, url, line) : linkTarget(ctx, file, url, line);
      if (replacement && span) edits.push({ ...span, text: isImage ? `./${replacement}` : replacement });
      else if (replacement)
        ctx.result.problems.push({
          severity: "error",
          file,
          ...(line ? { line } : {}),
          message: `could not rewrite "${url}"`,
        });
      return;
    }
    if (node.type === "html" && pos?.start.offset !== undefined) {
      const offset = pos.start.offset;
      for (const match of (node.value ?? "").matchAll(HTML_IMG_SRC)) {
        const src = match[3] ?? "";
        if (EXTERNAL.test(src)) {
          ctx.result.remoteImages.push({ file, ...(line ? { line } : {}), url: src });
          continue;
        }
        const name = src ? copyImage(ctx, file, src, line) : undefined;
        if (!name) continue;
        const start = offset + (match.index ?? 0) + (match[1]?.length ?? 0) + 1;
        edits.push({ start, end: start + src.length, text: `./${name}` });
      }
    }
  });
  if (!title)
    ctx.result.problems.push({ severity: "warning", file, message: "no # title: the folder name is used" });
  const frontmatter = stringify({
    id: `${ctx.options.course}-${ctx.lesson.slug}`.replace(/-+/g, "-"),
    title: title || ctx.lesson.folder,
    minutes,
    required: true,
  });
  const out = path.join(ctx.lessonDir, `index.${lang}.md`);
  /** Writes the lesson; with `quizAnchor`, links to the quiz app jump to the imported quiz instead. */
  const write = (quizAnchor?: string) => {
    const all = quizAnchor ? [...edits, ...quizLinks.map((span) => ({ ...span, text: quizAnchor }))] : edits;
    let body = source;
    for (const edit of all.sort((a, b) => b.start - a.start))
      body = body.slice(0, edit.start) + edit.text + body.slice(edit.end);
    writeIfChanged(out, `---\n${frontmatter}---\n\n${body.replace(/^\s+/, "")}`, ctx.result.written);
  };
  return { externalLinks, write };
}

/**
 * The quizzes the English lesson links to (else the Chinese one), from each
 * language's quiz file, as the lesson's sidecars. The zh and en quizzes
 * must agree, so both come from the same quiz numbers.
 */
function writeQuizzes(ctx: LessonContext, links: Partial<Record<ContentLang, string[]>>): Set<ContentLang> {
  const imported = new Set<ContentLang>();
  const numbers = quizNumbersIn(links.en ?? []);
  const chosen = numbers.length > 0 ? numbers : quizNumbersIn(links.zh ?? []);
  if (chosen.length === 0) return imported;
  for (const lang of ["en", "zh"] as const) {
    if (!links[lang]) continue;
    const source = ctx.quizSources[lang];
    if (!source) {
      ctx.result.problems.push({
        severity: "warning",
        file: ctx.lesson.files[lang] as string,
        message: `links to quizzes ${chosen.join(", ")} but there is no ${lang} quiz file: write quiz.${lang}.yml`,
      });
      continue;
    }
    const sidecar = sidecarFor(source, chosen, lang, ctx.result.problems);
    if (!sidecar) continue;
    writeIfChanged(path.join(ctx.lessonDir, `quiz.${lang}.yml`), sidecar, ctx.result.written);
    imported.add(lang);
  }
  return imported;
}

/** Reading time of the English text, to the next 5 minutes: the same figure for both languages. */
function estimateMinutes(file: string): number {
  const words = readFileSync(file, "utf8").split(/\s+/).filter(Boolean).length;
  return Math.min(600, Math.max(10, Math.ceil(words / 150 / 5) * 5));
}

function readLinks(file: string | undefined, problems: Problem[]): string | undefined {
  if (!file) return undefined;
  const yaml = parseYamlSource(readFileSync(file, "utf8"));
  const parsed = linksFileSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) {
    problems.push(...schemaProblems(file, yaml, parsed.error));
    return undefined;
  }
  return parsed.data.base;
}

function courseYaml(course: string, lessons: SourceLesson[], titles: { en?: string; zh?: string }) {
  return stringify({
    id: course,
    title: { zh: titles.zh ?? titles.en ?? course, en: titles.en ?? course },
    summary: {
      zh: "（待填写：一两句话介绍本课程。）",
      en: "(To fill in: one or two sentences about this course.)",
    },
    level: "beginner",
    passMark: 70,
    certificate: "required-lessons-and-quizzes",
    outcomes: { zh: ["（待填写：学习成果）"], en: ["(To fill in: a learning outcome)"] },
    lessons: lessons.map((lesson) => lesson.slug),
  });
}

/**
 * Brings a folder of Markdown lessons (one per sub-folder: README.md and its
 * translations) into content/courses/<course>/ as `.md` lessons. It reads
 * only local files and never fetches anything; what it cannot do is reported
 * with the source file and line.
 */
export async function importCurriculum(options: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { written: [], problems: [], remoteImages: [] };
  const base = readLinks(options.linksFile, result.problems);
  const lessons = sourceLessons(options.source);
  const quizFolder = findQuizFolder(options.source, options.quizzes);
  const quizSources = quizFolder ? readQuizSources(quizFolder, result.problems) : {};
  const courseDir = path.join(options.contentRoot, "courses", options.course);
  const titles: { en?: string; zh?: string } = {};
  for (const [done, lesson] of lessons.entries()) {
    options.onProgress?.(done, lessons.length, lesson.folder);
    const lessonDir = path.join(courseDir, lesson.slug);
    const ctx: LessonContext = {
      options,
      lessons,
      lesson,
      lessonDir,
      ...(base ? { base } : {}),
      result,
      images: new Map(),
      quizSources,
    };
    const minutes = estimateMinutes(lesson.files.en as string);
    const links: Partial<Record<ContentLang, string[]>> = {};
    const writers: Partial<Record<ContentLang, (quizAnchor?: string) => void>> = {};
    for (const lang of ["en", "zh"] as const) {
      const file = lesson.files[lang];
      if (!file) {
        result.problems.push({
          severity: "warning",
          file: path.join(options.source, lesson.folder),
          message: `no ${lang} translation: left missing`,
        });
        continue;
      }
      const converted = await convert(ctx, file, lang, minutes);
      links[lang] = converted.externalLinks;
      writers[lang] = converted.write;
    }
    const quizzes = quizFolder ? writeQuizzes(ctx, links) : new Set<ContentLang>();
    for (const lang of ["en", "zh"] as const)
      writers[lang]?.(quizzes.has(lang) ? `#${quizAnchor(SIDECAR_QUIZ_ID)}` : undefined);
  }
  const top = findInsensitive(options.source, "README.md");
  if (top) {
    const tree = await parseLesson(readFileSync(top, "utf8"), { inlineMath: false });
    const heading = tree.children?.find((node) => node.type === "heading" && node.depth === 1);
    if (heading) titles.en = textOf(heading).trim();
  }
  const courseFile = path.join(courseDir, "course.yml");
  // A course.yml a person has edited is theirs: it is written once, then only compared.
  if (!existsSync(courseFile))
    writeIfChanged(courseFile, courseYaml(options.course, lessons, titles), result.written);
  options.onProgress?.(lessons.length, lessons.length, "");
  return result;
}
