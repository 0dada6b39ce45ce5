import GithubSlugger from "github-slugger";
import type { CompileContext } from "./compile-context.server";
import { type MdNode, textOf, walk } from "./mdast.server";

/** Ids the lesson page itself uses; headings must not take them. */
const PAGE_IDS = ["main", "lesson-title", "lesson-body", "lesson-toc", "lesson-nav", "quiz-result"];

/** Gives ## and ### headings stable ids and collects them as the table of contents. */
export function remarkHeadings(ctx: CompileContext) {
  return () => (tree: MdNode) => {
    const slugger = new GithubSlugger();
    for (const id of PAGE_IDS) slugger.slug(id);
    walk(tree, (node) => {
      if (node.type !== "heading") return;
      if (node.depth === 1) {
        ctx.report(node, "the page shows the lesson title: start sections at ## instead of #", "warning");
      }
      const text = textOf(node).trim();
      const id = slugger.slug(text || "section");
      node.data = { ...node.data, hProperties: { ...(node.data?.hProperties as object | undefined), id } };
      if (node.depth === 2 || node.depth === 3) ctx.toc.push({ depth: node.depth, id, text });
    });
  };
}
