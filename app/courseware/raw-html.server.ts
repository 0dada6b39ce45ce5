import { AUTHOR_HTML, GLOBAL_HTML_ATTRIBUTES, REFUSED_HTML } from "./allowlist.server";
import { imageTarget } from "./asset-target.server";
import type { CompileContext } from "./compile-context.server";
import type { HastRoot } from "./hast.server";
import { type MdNode, walk } from "./mdast.server";
import { pipelineDeps } from "./pipeline-deps.server";
import { refusedTarget } from "./remark-guard.server";
import { checkedLink } from "./remark-links.server";
import { lessonAssetUrl } from "./urls";

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
  position?: { start: { line: number; column: number } };
}

const CODE = "lessons never run code";
const COMPONENT = "lessonComponent";
// Headings GitHub READMEs open with; the sanitiser keeps them (Markdown makes them too).
const HEADINGS: Record<string, readonly string[]> = { h1: [], h2: [] };

function each(node: HastNode, visit: (node: HastNode) => void) {
  visit(node);
  for (const child of node.children ?? []) each(child, visit);
}

const at = (node: HastNode) => node as unknown as MdNode;

/**
 * One piece of the author's raw HTML, checked the way the MDX guard checks
 * JSX: what runs code or leaves the page is an error with its line; other
 * tags and attributes off the allowlist are dropped by the sanitiser, as
 * GitHub drops them, with a warning.
 */
function checkFragment(ctx: CompileContext, fragment: HastNode) {
  each(fragment, (node) => {
    if (node.type !== "element" || !node.tagName) return;
    const tag = node.tagName;
    const refused = REFUSED_HTML[tag];
    if (refused) {
      ctx.report(at(node), `<${tag}> is not allowed in lessons: ${refused}`);
      return;
    }
    const allowed = AUTHOR_HTML[tag] ?? HEADINGS[tag];
    if (!allowed) {
      ctx.report(at(node), `<${tag}> is not in the lesson HTML allowlist: it is left out`, "warning");
      return;
    }
    for (const [name, value] of Object.entries(node.properties ?? {})) {
      if (/^on/i.test(name))
        ctx.report(at(node), `<${tag} ${name}>: event handlers are not allowed; ${CODE}`);
      else if ((name === "href" || name === "src") && typeof value === "string" && refusedTarget(value))
        ctx.report(at(node), `<${tag} ${name}>: ${refusedTarget(value)}`);
      else if (![...allowed, ...GLOBAL_HTML_ATTRIBUTES].includes(name))
        ctx.report(at(node), `<${tag}> takes no ${name}=: it is left out`, "warning");
    }
  });
}

/**
 * The author's raw HTML in a `.md` lesson (mdast `html` nodes), each piece
 * parsed the way the browser would and checked like JSX, images included,
 * before anything is rendered: runs with the guard, so every problem of the
 * file is reported in one pass.
 */
export function guardRawHtml(ctx: CompileContext, tree: MdNode, source: string) {
  const { raw } = pipelineDeps();
  const file = { toString: () => source };
  const pieces: MdNode[] = [];
  walk(tree, (node) => {
    if (node.type === "html") pieces.push(node);
  });
  for (const piece of pieces) {
    const fragment = raw(
      {
        type: "root",
        children: [{ type: "raw", value: piece.value ?? "", position: piece.position }],
      } as never,
      { file } as never,
    ) as unknown as HastNode;
    checkFragment(ctx, fragment);
    each(fragment, (node) => {
      if (node.type !== "element") return;
      const { src, href } = node.properties ?? {};
      if (node.tagName === "img")
        imageTarget(ctx, at(node), typeof src === "string" ? src : undefined, "<img>");
      // A refused scheme was reported by checkFragment; the rest goes where Markdown links go.
      else if (node.tagName === "a" && typeof href === "string" && href && !refusedTarget(href))
        checkedLink(ctx, at(node), href);
    });
  }
}

/**
 * After guardRawHtml: the raw pieces become elements the way GitHub reads
 * them (hast-util-raw re-parses the whole tree, so `<details>` in one piece
 * and `</details>` in another enclose the Markdown between), and every
 * <img> points at its resolved asset. The sanitiser runs after.
 */
export function rawHtmlToElements(ctx: CompileContext, tree: HastRoot, source: string): HastRoot {
  const { raw } = pipelineDeps();
  const file = { toString: () => source };
  // Our components (the quiz) are not HTML: parse5 would lower-case them into unknown tags, so they pass through.
  each(tree as unknown as HastNode, (node) => {
    if (node.type === "element" && /^[A-Z]/.test(node.tagName ?? "")) node.type = COMPONENT;
  });
  const parsed = raw(tree as never, { file, passThrough: [COMPONENT] } as never) as unknown as HastRoot;
  each(parsed as unknown as HastNode, (node) => {
    if (node.type === COMPONENT) node.type = "element";
  });
  const resolved = lessonAssetUrl(ctx.courseSlug, ctx.lessonSlug, "");
  // guardRawHtml reported every unusable image already; here they are only pointed at their files.
  const quiet: CompileContext = { ...ctx, report: () => undefined };
  each(parsed as unknown as HastNode, (node) => {
    if (node.type !== "element" || !node.properties) return;
    const href = node.properties.href;
    if (node.tagName === "a" && typeof href === "string" && href && !refusedTarget(href)) {
      const url = checkedLink(quiet, at(node), href);
      // A broken link was reported by guardRawHtml and never gets here (the lesson has an error).
      if (url !== undefined) node.properties.href = url;
      return;
    }
    if (node.tagName !== "img") return;
    const src = node.properties.src;
    // Markdown images were resolved on the syntax tree already.
    if (typeof src === "string" && src.startsWith(resolved)) return;
    const target = imageTarget(quiet, at(node), typeof src === "string" ? src : undefined, "<img>");
    node.properties.src = target?.url ?? "";
  });
  return parsed;
}
