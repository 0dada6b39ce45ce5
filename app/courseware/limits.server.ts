import type { MdNode } from "./mdast.server";

/**
 * Limits on one lesson file. A lesson is a few thousand words; these are far
 * above any real one and low enough that a hostile file is refused in
 * milliseconds instead of taking the build down (a 5 MB lesson took 790 MB
 * to compile; a 10,000-deep list overflowed the stack after 34 s).
 */
export const MAX_LESSON_BYTES = 512 * 1024;
/** Lists, quotes and tags inside one another. */
export const MAX_NESTING = 64;
/**
 * Emphasis markers (runs of * or _) and [ in one paragraph. The Markdown
 * parser pairs these up in time that grows faster than linearly (12 KB of
 * nested emphasis took 14 s); real paragraphs hold a few dozen at most.
 */
export const MAX_INLINE_MARKERS = 1000;
/** Syntax-tree depth: each nesting level can take two nodes (list → item), plus inline markup. */
export const MAX_TREE_DEPTH = 2 * MAX_NESTING + 32;

export interface LimitFinding {
  line: number;
  message: string;
}

const FENCE = /^\s*(`{3,}|~{3,})/;
const VOID_TAGS = new Set([
  "br",
  "hr",
  "img",
  "input",
  "meta",
  "link",
  "area",
  "base",
  "col",
  "embed",
  "wbr",
]);
const TAG = /<(\/?)([A-Za-z][\w.:-]*)\b[^<>]*?(\/?)>/g;

/** Containers a line opens before its text: quote markers, list markers and indentation (two columns a level). */
function lineNesting(line: string): number {
  let depth = 0;
  let at = 0;
  let indent = 0;
  for (;;) {
    while (line[at] === " " || line[at] === "\t") {
      // Only the indentation before the first marker nests; the spaces after a marker belong to it.
      if (depth === 0) indent += line[at] === "\t" ? 4 : 1;
      at += 1;
    }
    const marker = /^(?:>|[-*+](?=\s|$)|\d{1,9}[.)](?=\s|$))/.exec(line.slice(at, at + 11));
    if (!marker) break;
    depth += 1;
    at += marker[0].length;
  }
  return depth + Math.floor(indent / 2);
}

/** Runs of * or _ and every [, outside inline math, after any list marker. */
function inlineMarkers(text: string): number {
  const prose = text.replace(/\$[^$]*\$/g, "").replace(/^\s*(?:[-*+]|\d{1,9}[.)])\s/, "");
  return (prose.match(/[*_]+|\[/g) ?? []).length;
}

/**
 * A cheap pass over the raw text before it is parsed: size, then nesting of
 * lists, quotes and tags line by line (code fences skipped). Parsing and the
 * tree walks that follow are recursive; this keeps them away from inputs
 * that would blow the stack.
 */
export function preScan(source: string): LimitFinding | undefined {
  const bytes = Buffer.byteLength(source, "utf8");
  if (bytes > MAX_LESSON_BYTES) {
    return {
      line: 1,
      message: `the lesson is ${Math.ceil(bytes / 1024)} KB; a lesson file may be at most ${MAX_LESSON_BYTES / 1024} KB (split it into several lessons, or move data into files beside it)`,
    };
  }
  let fence: string | undefined;
  let tags = 0;
  let markers = 0;
  const lines = source.split("\n");
  for (const [index, line] of lines.entries()) {
    const opener = FENCE.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
      continue;
    }
    if (opener) {
      fence = opener;
      continue;
    }
    const tooDeep = (depth: number) =>
      depth > MAX_NESTING
        ? {
            line: index + 1,
            message: `nesting deeper than ${MAX_NESTING} levels (lists, quotes or tags inside one another)`,
          }
        : undefined;
    const containers = tooDeep(lineNesting(line));
    if (containers) return containers;
    const text = line.replace(/`[^`]*`/g, "");
    markers = line.trim() ? markers + inlineMarkers(text) : 0;
    if (markers > MAX_INLINE_MARKERS) {
      return {
        line: index + 1,
        message: `more than ${MAX_INLINE_MARKERS} emphasis markers (* or _) and [ in one paragraph`,
      };
    }
    for (const [, closing, name, selfClosing] of text.matchAll(TAG)) {
      if (selfClosing || (name && VOID_TAGS.has(name))) continue;
      tags = closing ? Math.max(0, tags - 1) : tags + 1;
      const inTags = tooDeep(tags);
      if (inTags) return inTags;
    }
  }
  return undefined;
}

/** The first node deeper than MAX_TREE_DEPTH, found without recursion (the tree may be anything). */
export function tooDeepNode(tree: MdNode): MdNode | undefined {
  const stack: [MdNode, number][] = [[tree, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item;
    if (depth > MAX_TREE_DEPTH) return node;
    for (const child of node.children ?? []) stack.push([child, depth + 1]);
  }
  return undefined;
}
