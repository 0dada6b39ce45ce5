import { EXTERNAL, assetTarget } from "./asset-target.server";
import type { CompileContext } from "./compile-context.server";
import type { MdNode } from "./mdast.server";
import { walk } from "./mdast.server";
import { courseUrl, lessonUrl } from "./urls";

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Resolves a link the way authors think of it (relative to the lesson folder)
 * and returns the real URL, or undefined when the target does not exist.
 */
function rewriteLink(ctx: CompileContext, node: MdNode, href: string): string | undefined {
  const base = `http://content.invalid/courses/${ctx.courseSlug}/${ctx.lessonSlug}/`;
  const resolved = new URL(href, base);
  const segments = resolved.pathname.split("/").filter(Boolean).map(decodeSegment);
  const suffix = resolved.search + resolved.hash;
  if (segments[0] !== "courses") return href;
  const [, course, lesson, file] = segments;
  if (!course || segments.length > 4) return undefined;
  if (segments.length === 2) return ctx.hasTarget(course) ? courseUrl(course) + suffix : undefined;
  if (segments.length === 3 && lesson)
    return ctx.hasTarget(course, lesson) ? lessonUrl(course, lesson) + suffix : undefined;
  if (file && course === ctx.courseSlug && lesson === ctx.lessonSlug)
    return assetTarget(ctx, node, file, false)?.url;
  return undefined;
}

/** Rewrites internal links to real URLs, reporting the ones that lead nowhere (images: remark-images). */
export function remarkLinks(ctx: CompileContext) {
  return () => (tree: MdNode) => {
    const imageDefinitions = new Set<string>();
    walk(tree, (node) => {
      if (node.type === "imageReference" && node.identifier) imageDefinitions.add(node.identifier);
    });
    walk(tree, (node) => {
      if (node.type !== "link" && node.type !== "definition") return;
      if (node.type === "definition" && imageDefinitions.has(node.identifier ?? "")) return;
      const href = node.url;
      if (!href || EXTERNAL.test(href) || href.startsWith("#")) return;
      const url = rewriteLink(ctx, node, href);
      if (url === undefined) ctx.report(node, `broken link "${href}": no such course, lesson or file`);
      else node.url = url;
    });
  };
}
