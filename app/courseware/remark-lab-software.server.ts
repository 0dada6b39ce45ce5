import type { CompileContext } from "./compile-context.server";
import { type MdNode, isJsx, walk } from "./mdast.server";
import type { LessonFrontmatter } from "./schema.server";

/**
 * Hands the frontmatter's `lab.software` to every <Lab>, which prints it beside
 * the lab. The frontmatter is the one place it is written: the guard, which
 * runs first, refuses a `software` attribute on the tag.
 */
export function remarkLabSoftware(ctx: CompileContext, lab: LessonFrontmatter["lab"]) {
  return () => (tree: MdNode) => {
    walk(tree, (node) => {
      if (!isJsx(node, "Lab")) return;
      node.attributes ??= [];
      // A lab without a frontmatter lab: is already an error of its own.
      if (!lab) return;
      if (lab.software)
        node.attributes.push({ type: "mdxJsxAttribute", name: "software", value: lab.software });
      else
        ctx.report(
          node,
          'the lab does not say which software it was written for: add lab.software to the frontmatter (e.g. software: "CANN 8.0, torch_npu 2.1.0, PyTorch 2.1")',
          "warning",
        );
    });
  };
}
