import { EXTERNAL, assetTarget } from "./asset-target.server";
import type { CompileContext } from "./compile-context.server";
import type { MdNode } from "./mdast.server";
import { isJsx, readAttribute, walk } from "./mdast.server";
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
export function rewriteLink(ctx: CompileContext, node: MdNode, href: string): string | undefined {
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

/** The URL an internal link leads to; a link that leads nowhere is reported and left undefined. */
export function checkedLink(ctx: CompileContext, node: MdNode, href: string): string | undefined {
  if (EXTERNAL.test(href) || href.startsWith("#")) return href;
  const url = rewriteLink(ctx, node, href);
  if (url === undefined) ctx.report(node, `broken link "${href}": no such course, lesson or file`);
  return url;
}

/**
 * Rewrites internal links to real URLs, reporting the ones that lead nowhere
 * (images: remark-images): Markdown links and definitions, and `<a href>`
 * written as a tag (in `.md` lessons, raw-html does the same for raw HTML).
 */
export function remarkLinks(ctx: CompileContext) {
  return () => (tree: MdNode) => {
    const imageDefinitions = new Set<string>();
    walk(tree, (node) => {
      if (node.type === "imageReference" && node.identifier) imageDefinitions.add(node.identifier);
    });
    walk(tree, (node) => {
      if (isJsx(node, "a")) {
        const href = readAttribute(node, "href").value;
        const url = typeof href === "string" && href ? checkedLink(ctx, node, href) : undefined;
        if (url !== undefined && url !== href)
          node.attributes = (node.attributes ?? []).map((a) =>
            a.name === "href" ? { type: "mdxJsxAttribute", name: "href", value: url } : a,
          );
        return;
      }
      if (node.type !== "link" && node.type !== "definition") return;
      if (node.type === "definition" && imageDefinitions.has(node.identifier ?? "")) return;
      const href = node.url;
      if (!href) return;
      const url = checkedLink(ctx, node, href);
      if (url !== undefined) node.url = url;
    });
  };
}
