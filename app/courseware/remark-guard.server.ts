import { find, html } from "property-information";
import {
  AUTHOR_COMPONENTS,
  AUTHOR_HTML,
  GLOBAL_HTML_ATTRIBUTES,
  LINK_SCHEMES,
  REFUSED_HTML,
  REFUSED_SCHEMES,
} from "./allowlist.server";
import type { CompileContext } from "./compile-context.server";
import { literalAttributeValue } from "./literal-attribute.server";
import { type MdAttribute, type MdNode, isJsx, readAttribute, walk } from "./mdast.server";
import { LAB_POOLS, type LabPool, isLabPool } from "./types";

const CALLOUT_TYPES = ["note", "tip", "warning"];
const CODE = "lessons never run code";

/** The scheme of a URL as a browser reads it (it ignores whitespace and control characters there). */
export function urlScheme(url: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers skip exactly these before the scheme
  const cleaned = url.replace(/[\u0000-\u0020\u007f]/g, "").toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(cleaned)?.[1];
}

/** Why a link target is refused, or undefined when it may stay. */
export function refusedTarget(url: string): string | undefined {
  const scheme = urlScheme(url);
  if (!scheme) return undefined;
  if (REFUSED_SCHEMES.includes(scheme)) return `${scheme}: targets are not allowed: ${CODE}`;
  if (!LINK_SCHEMES.includes(scheme))
    return `${scheme}: links are not allowed (use ${LINK_SCHEMES.map((s) => `${s}:`).join(", ")} or a relative link)`;
  return undefined;
}

function checkLab(ctx: CompileContext, node: MdNode) {
  const pool = readAttribute(node, "pool");
  const minutes = readAttribute(node, "minutes");
  const poolValue = typeof pool.value === "string" ? pool.value : undefined;
  const minutesValue = typeof minutes.value === "string" ? Number(minutes.value) : Number.NaN;
  if (!isLabPool(poolValue)) {
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

function checkComponentProps(ctx: CompileContext, node: MdNode, name: string) {
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
}

/** The reason an attribute is refused, or undefined; expression values that are plain literals become strings. */
function attributeProblem(
  tag: string,
  allowed: readonly string[],
  attribute: MdAttribute,
): string | undefined {
  if (attribute.type === "mdxJsxExpressionAttribute")
    return `<${tag} {…}>: spread attributes are code; ${CODE}`;
  const name = attribute.name ?? "";
  if (name === "dangerouslySetInnerHTML") return `<${tag}>: dangerouslySetInnerHTML is not allowed; ${CODE}`;
  if (/^on/i.test(name)) return `<${tag} ${name}>: event handlers are not allowed; ${CODE}`;
  if (name === "style") return `<${tag} style>: inline styles are not allowed (the page's styles apply)`;
  const key = /^[a-z]/.test(tag) ? find(html, name).property : name;
  if (!allowed.includes(key))
    return `<${tag}> takes no ${name}= (allowed: ${allowed.length ? allowed.join(", ") : "none"})`;
  const { value } = attribute;
  if (value && typeof value === "object") {
    const literal = literalAttributeValue(value.data?.estree);
    if (literal === undefined)
      return `<${tag} ${name}={…}>: only quoted text, numbers and true/false are allowed between braces (e.g. minutes={60}); ${CODE}`;
    attribute.value = literal;
  }
  // Other attributes are text, escaped when rendered; these two are followed by the browser.
  const refused =
    (key === "href" || key === "src") && typeof attribute.value === "string"
      ? refusedTarget(attribute.value)
      : undefined;
  return refused ? `<${tag} ${name}>: ${refused}` : undefined;
}

/** Checks every attribute; refused ones are reported and removed so nothing later reads them. */
function checkAttributes(ctx: CompileContext, node: MdNode, tag: string, allowed: readonly string[]) {
  const seen = new Set<string>();
  node.attributes = (node.attributes ?? []).filter((attribute) => {
    const problem = attributeProblem(tag, allowed, attribute);
    if (problem) {
      ctx.report(node, problem);
      return false;
    }
    const name = attribute.name ?? "";
    if (seen.has(name)) {
      ctx.report(node, `<${tag}> has ${name}= twice`);
      return false;
    }
    seen.add(name);
    return true;
  });
}

/** False when the element must go (it is reported); true when it may stay. */
function checkJsx(ctx: CompileContext, node: MdNode): boolean {
  const name = node.name ?? "";
  if (!name || name.includes(".") || name.includes(":")) {
    ctx.report(node, "JSX fragments, member and namespaced elements are not allowed");
    return false;
  }
  if (/^[A-Z]/.test(name)) {
    const allowed = AUTHOR_COMPONENTS[name];
    if (!allowed) {
      ctx.report(
        node,
        `unknown component <${name}> (available: ${Object.keys(AUTHOR_COMPONENTS).join(", ")})`,
      );
      return false;
    }
    checkAttributes(ctx, node, name, allowed);
    checkComponentProps(ctx, node, name);
    return true;
  }
  const refused = REFUSED_HTML[name.toLowerCase()];
  const allowed = AUTHOR_HTML[name];
  if (refused || !allowed) {
    ctx.report(
      node,
      `<${name}> is not allowed in lessons${refused ? `: ${refused}` : " (see docs/content-format.md for the HTML a lesson may use)"}`,
    );
    return false;
  }
  checkAttributes(ctx, node, name, [...allowed, ...GLOBAL_HTML_ATTRIBUTES]);
  return true;
}

/**
 * Lessons are data: this runs on the parsed tree before anything else and
 * refuses every import/export and every {expression}, lets through only the
 * components and HTML of the allowlist with literal attribute values, and
 * refuses link targets that would run script. What it refuses is reported
 * with its line and taken out of the tree.
 */
export function guardTree(ctx: CompileContext, tree: MdNode): void {
  walk(tree, (node, parent) => {
    const drop = () => parent?.children?.splice(parent.children.indexOf(node), 1);
    if (node.type === "mdxjsEsm") {
      ctx.report(node, `import and export are not allowed: ${CODE} (use the built-in components)`);
      drop();
      return;
    }
    if (node.type === "mdxFlowExpression" || node.type === "mdxTextExpression") {
      ctx.report(node, `{…} is an expression, and ${CODE}: write \\{ and \\} for literal braces`);
      drop();
      return;
    }
    if ((node.type === "link" || node.type === "definition" || node.type === "image") && node.url) {
      const refused = refusedTarget(node.url);
      if (refused) {
        ctx.report(node, refused);
        node.url = "";
      }
      return;
    }
    if (isJsx(node) && !checkJsx(ctx, node)) {
      // Dropped so the rest of the lesson is still checked and its other problems found too.
      drop();
      node.children = [];
    }
  });
}
