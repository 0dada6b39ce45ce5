import { readFileSync } from "node:fs";
import { FIGURE_EXTENSIONS, assetVersion, resolveLessonAsset, svgSize } from "./assets.server";
import type { CompileContext } from "./compile-context.server";
import type { MdNode } from "./mdast.server";
import { lessonAssetUrl } from "./urls";

export const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

export interface AssetTarget {
  url: string;
  size?: { width: number; height: number };
}

/** `name` beside the lesson → its versioned asset URL (plus an SVG's intrinsic size); reported when unusable. */
export function assetTarget(
  ctx: CompileContext,
  node: MdNode,
  name: string,
  image: false | string,
): AssetTarget | undefined {
  const found = resolveLessonAsset(ctx.lessonDir, name);
  if (!found.ok) {
    ctx.report(node, `missing or unusable asset: ${found.reason}`);
    return undefined;
  }
  if (image && !FIGURE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) {
    ctx.report(node, `${image} needs an image (${FIGURE_EXTENSIONS.join(", ")}), not "${name}"`);
    return undefined;
  }
  const bytes = readFileSync(found.file);
  const url = `${lessonAssetUrl(ctx.courseSlug, ctx.lessonSlug, name)}?v=${assetVersion(bytes)}`;
  const size = name.toLowerCase().endsWith(".svg") ? svgSize(bytes.toString("utf8")) : undefined;
  return size ? { url, size } : { url };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Every image a lesson shows comes from its own folder: `./name` or `name`,
 * of a type the asset route serves. Remote images (blocked by the page's
 * CSP, and a privacy leak), paths into other folders and missing files are
 * errors naming the line.
 */
export function imageTarget(
  ctx: CompileContext,
  node: MdNode,
  src: string | undefined,
  what: string,
): AssetTarget | undefined {
  const value = src?.trim() ?? "";
  if (!value) {
    ctx.report(node, `${what} needs a source: a file beside the lesson, such as "./figure.svg"`);
    return undefined;
  }
  if (EXTERNAL.test(value)) {
    ctx.report(
      node,
      `${what} "${value}" is remote: download the file into the lesson folder and refer to it as "./name"`,
    );
    return undefined;
  }
  const name = decoded(value.replace(/^\.\//, "").replace(/[?#].*$/, ""));
  if (name.includes("/") || name.includes("\\")) {
    ctx.report(node, `${what} "${value}" is outside the lesson folder: put the file beside the lesson`);
    return undefined;
  }
  return assetTarget(ctx, node, name, what);
}
