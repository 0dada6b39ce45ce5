/**
 * The prose a reader sees, cut out of lesson sources line by line for the
 * glossary check: code, math, tags and link targets are blanked, because a
 * term inside `code` or an ASCII quote delimiting an attribute is not text.
 * Line-based on purpose: lessons keep one paragraph per line, and a report
 * must point at the line to edit.
 */
import { type MdNode, walk } from "./mdast.server";

export interface ProseSpan {
  line: number;
  text: string;
  /** Markdown prose, where `*x*` is italics; attribute values and YAML strings are plain. */
  markdown: boolean;
}

const FENCE = /^\s*(```|~~~)/;
const TAG = /<\/?[A-Za-z][\w.]*(?:\s[^<>]*?)?\/?>/g;
const STRING_ATTRIBUTE = /\b[\w-]+="([^"]*)"/g;

export function maskInline(line: string, dollarMath = true): string {
  const code = line.replace(/(`+)[^`]*?\1/g, " ").replace(/\$\$[^$]*\$\$/g, " ");
  return (
    (dollarMath ? code.replace(/(?<!\\)\$[^$\n]+?(?<!\\)\$/g, " ") : code)
      .replace(/\{\/\*[\s\S]*?\*\/\}/g, " ")
      // A link's text is prose; its target is not.
      .replace(/\]\([^)]*\)/g, "]")
      .replace(/<https?:[^>]*>/g, " ")
  );
}

/** Prose spans of an MDX lesson: frontmatter title, body text, and string attributes (alt, caption, title). */
export function mdxProse(source: string, { dollarMath = true } = {}): ProseSpan[] {
  const lines = source.split(/\r?\n/);
  const spans: ProseSpan[] = [];
  let start = 0;
  if (lines[0]?.trim() === "---") {
    const end = lines.indexOf("---", 1);
    for (let i = 1; i < end; i++) {
      const field = /^(title|summary|description):\s*(.*)$/.exec(lines[i] ?? "");
      if (field?.[2]) spans.push({ line: i + 1, text: unquoteYaml(field[2]), markdown: false });
    }
    start = end + 1;
  }
  let inFence: string | undefined;
  let inMath = false;
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const fence = FENCE.exec(raw)?.[1];
    if (inFence) {
      if (fence === inFence) inFence = undefined;
      continue;
    }
    if (fence) {
      inFence = fence;
      continue;
    }
    if (raw.trim() === "$$") {
      inMath = !inMath;
      continue;
    }
    if (inMath) continue;
    const masked = maskInline(raw, dollarMath);
    for (const tag of masked.match(TAG) ?? []) {
      for (const [, value] of tag.matchAll(STRING_ATTRIBUTE))
        if (value) spans.push({ line: i + 1, text: value, markdown: false });
    }
    const text = masked.replace(TAG, " ");
    if (text.trim()) spans.push({ line: i + 1, text, markdown: true });
  }
  return spans;
}

/** What a parse of the lesson says is not prose: code (indented too), math, and HTML comments. */
const NOT_PROSE = new Set(["code", "inlineCode", "math", "inlineMath"]);

/**
 * Prose spans of a plain Markdown lesson. GitHub Markdown is read with its
 * own parser first (indented code, HTML comments across lines and `$5 and
 * $10` are what a line reader gets wrong), those parts are blanked, and the
 * rest is read line by line as for MDX, so reports keep their lines.
 */
export function markdownProse(source: string, tree: MdNode, inlineMath: boolean): ProseSpan[] {
  // Parser offsets count UTF-16 units, and so does this array; a range never splits a character.
  const units = source.split("");
  const blank = (start: number, end: number) => {
    for (let i = start; i < end && i < units.length; i++) if (units[i] !== "\n") units[i] = " ";
  };
  walk(tree, (node) => {
    const position = node.position as { start: { offset?: number }; end?: { offset?: number } } | undefined;
    const start = position?.start.offset;
    const end = position?.end?.offset;
    if (start === undefined || end === undefined) return;
    if (NOT_PROSE.has(node.type)) blank(start, end);
    else if (node.type === "html")
      for (const comment of (node.value ?? "").matchAll(/<!--[\s\S]*?(?:-->|$)/g))
        blank(start + (comment.index ?? 0), start + (comment.index ?? 0) + comment[0].length);
  });
  return mdxProse(units.join(""), { dollarMath: inlineMath });
}

/** The visible text of a hand-written SVG figure, one span per line. */
export function svgProse(source: string): ProseSpan[] {
  return source
    .split(/\r?\n/)
    .map((line, i) => ({ line: i + 1, text: line.replace(/<[^>]*>/g, " "), markdown: false }))
    .filter((span) => span.text.trim() !== "");
}

function unquoteYaml(value: string): string {
  const trimmed = value.trim();
  const quote = trimmed[0];
  return (quote === '"' || quote === "'") && trimmed.endsWith(quote) ? trimmed.slice(1, -1) : trimmed;
}
