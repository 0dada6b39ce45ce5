import type { CompileContext } from "./compile-context.server";
import { type MdNode, isJsx, readAttribute, walk } from "./mdast.server";
import { LAB_POOLS, type LabPool } from "./types";

/** The components an author may write; the compiler adds internal ones after this check. */
export const AUTHOR_COMPONENTS = ["Callout", "Figure", "Lab", "Quiz", "Question", "Choice", "Explanation"];
const CALLOUT_TYPES = ["note", "tip", "warning"];
const FORBIDDEN_HTML = ["script", "style", "iframe", "object", "embed", "link", "meta", "base", "form"];

function checkLab(ctx: CompileContext, node: MdNode) {
  const pool = readAttribute(node, "pool");
  const minutes = readAttribute(node, "minutes");
  const poolValue = typeof pool.value === "string" && !pool.isExpression ? pool.value : undefined;
  const minutesValue = typeof minutes.value === "string" ? Number(minutes.value) : Number.NaN;
  if (!poolValue || !(LAB_POOLS as readonly string[]).includes(poolValue)) {
    ctx.report(node, `<Lab> needs pool="${LAB_POOLS.join('" or pool="')}"`);
  }
  if (!Number.isInteger(minutesValue) || minutesValue <= 0)
    ctx.report(node, "<Lab> needs minutes={N}, a positive whole number");
  ctx.labs.push({
    need: {
      ...(poolValue ? { pool: poolValue as LabPool } : {}),
      ...(Number.isFinite(minutesValue) ? { minutes: minutesValue } : {}),
    },
    ...(node.position ? { line: node.position.start.line } : {}),
  });
}

/**
 * MDX is code, so lessons get a fixed vocabulary: no imports or exports, only
 * the built-in components, no script-like HTML. Also checks component props.
 */
export function remarkGuard(ctx: CompileContext) {
  return () => (tree: MdNode) => {
    walk(tree, (node, parent) => {
      // remark-mdx-frontmatter adds an export without a position; authored ones have one.
      if (node.type === "mdxjsEsm" && node.position) {
        ctx.report(node, "import and export are not allowed in lessons: use the built-in components");
      }
      if (!isJsx(node)) return;
      const name = node.name ?? "";
      if (!name || name.includes("."))
        ctx.report(node, "JSX fragments and member components are not allowed");
      else if (/^[A-Z]/.test(name) && !AUTHOR_COMPONENTS.includes(name)) {
        ctx.report(node, `unknown component <${name}> (available: ${AUTHOR_COMPONENTS.join(", ")})`);
        // Dropped so the rest of the lesson still renders and its other problems are found too.
        parent?.children?.splice(parent.children.indexOf(node), 1);
        return;
      } else if (FORBIDDEN_HTML.includes(name.toLowerCase()))
        ctx.report(node, `<${name}> is not allowed in lessons`);
      if (name === "Lab") checkLab(ctx, node);
      if (name === "Callout") {
        const type = readAttribute(node, "type").value;
        if (typeof type !== "string" || !CALLOUT_TYPES.includes(type)) {
          ctx.report(node, `<Callout> needs type="note", "tip" or "warning"`);
        }
      }
      if (name === "Figure") {
        const alt = readAttribute(node, "alt").value;
        if (typeof alt !== "string" || !alt.trim()) ctx.report(node, "<Figure> needs a non-empty alt text");
      }
    });
  };
}
