import { readFileSync } from "node:fs";
import { FIGURE_EXTENSIONS, assetVersion, resolveLessonAsset, svgSize } from "./assets.server";
import type { CompileContext } from "./compile-context.server";
import { type MdNode, isJsx, readAttribute, walk } from "./mdast.server";
import { courseUrl, lessonAssetUrl, lessonUrl } from "./urls";

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `./name.ext` beside the lesson → its versioned asset URL (plus the SVG's intrinsic size). */
function assetTarget(ctx: CompileContext, node: MdNode, name: string, figure: boolean) {
  const found = resolveLessonAsset(ctx.lessonDir, name);
  if (!found.ok) {
    ctx.report(node, `missing or unusable asset: ${found.reason}`);
    return undefined;
  }
  if (figure && !FIGURE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) {
    ctx.report(node, `<Figure> needs an image (${FIGURE_EXTENSIONS.join(", ")}), not "${name}"`);
  }
  const bytes = readFileSync(found.file);
  const url = `${lessonAssetUrl(ctx.courseSlug, ctx.lessonSlug, name)}?v=${assetVersion(bytes)}`;
  return { url, size: name.toLowerCase().endsWith(".svg") ? svgSize(bytes.toString("utf8")) : undefined };
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

/** Rewrites internal links and figure sources to real URLs, reporting the ones that lead nowhere. */
export function remarkLinks(ctx: CompileContext) {
  return () => (tree: MdNode) => {
    walk(tree, (node) => {
      if ((node.type === "link" || node.type === "definition") && node.url !== undefined) {
        const href = node.url;
        if (!href || EXTERNAL.test(href) || href.startsWith("#")) return;
        const url = rewriteLink(ctx, node, href);
        if (url === undefined) ctx.report(node, `broken link "${href}": no such course, lesson or file`);
        else node.url = url;
        return;
      }
      if (!isJsx(node, "Figure")) return;
      const src = readAttribute(node, "src");
      if (typeof src.value !== "string" || src.isExpression || !src.value.startsWith("./")) {
        ctx.report(node, `<Figure> needs src="./file" naming a file beside the lesson`);
        return;
      }
      const target = assetTarget(ctx, node, src.value.slice(2), true);
      if (!target) return;
      const keep = (node.attributes ?? []).filter((a) => !["src", "width", "height"].includes(a.name ?? ""));
      const size = target.size
        ? { width: String(target.size.width), height: String(target.size.height) }
        : {};
      node.attributes = [
        ...keep,
        ...Object.entries({ src: target.url, ...size }).map(([name, value]) => ({
          type: "mdxJsxAttribute" as const,
          name,
          value,
        })),
      ];
    });
  };
}
