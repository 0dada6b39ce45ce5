import { imageTarget } from "./asset-target.server";
import type { CompileContext } from "./compile-context.server";
import { type MdNode, isJsx, readAttribute, walk } from "./mdast.server";

function setAttribute(node: MdNode, name: string, value: string) {
  const rest = (node.attributes ?? []).filter((a) => a.name !== name);
  node.attributes = [...rest, { type: "mdxJsxAttribute", name, value }];
}

/**
 * Sends every image through the asset resolver and points it at its
 * versioned asset URL: `![](…)`, reference-style images (their definition),
 * `<img src>` and `<Figure src>`. A figure also gets an SVG's intrinsic size.
 */
export function remarkImages(ctx: CompileContext) {
  return () => (tree: MdNode) => {
    const definitions = new Map<string, MdNode>();
    walk(tree, (node) => {
      if (node.type === "definition" && node.identifier && !definitions.has(node.identifier))
        definitions.set(node.identifier, node);
    });
    const resolvedDefinitions = new Set<MdNode>();
    walk(tree, (node) => {
      if (node.type === "image") {
        const target = imageTarget(ctx, node, node.url, "image");
        if (target) node.url = target.url;
        return;
      }
      if (node.type === "imageReference") {
        const definition = definitions.get(node.identifier ?? "");
        if (!definition || resolvedDefinitions.has(definition)) return;
        resolvedDefinitions.add(definition);
        const target = imageTarget(ctx, node, definition.url, "image");
        definition.url = target?.url ?? "";
        return;
      }
      if (isJsx(node, "img")) {
        const src = readAttribute(node, "src").value;
        const target = imageTarget(ctx, node, typeof src === "string" ? src : undefined, "<img>");
        if (target) setAttribute(node, "src", target.url);
        return;
      }
      if (!isJsx(node, "Figure")) return;
      const src = readAttribute(node, "src").value;
      if (typeof src !== "string" || !src.startsWith("./")) {
        ctx.report(node, `<Figure> needs src="./file" naming a file beside the lesson`);
        return;
      }
      const target = imageTarget(ctx, node, src, "<Figure>");
      if (!target) return;
      setAttribute(node, "src", target.url);
      if (target.size) {
        setAttribute(node, "width", String(target.size.width));
        setAttribute(node, "height", String(target.size.height));
      }
    });
  };
}
