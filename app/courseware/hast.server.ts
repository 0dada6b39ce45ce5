import { SANITIZE_SCHEMA } from "./allowlist.server";
import type { CompileContext } from "./compile-context.server";
import type { MdNode } from "./mdast.server";
import { type PipelineDeps, pipelineDeps } from "./pipeline-deps.server";
import type { Problem } from "./problems.server";
import { rawHtmlToElements } from "./raw-html.server";
import { rehypeFocusableMath } from "./rehype-focusable-math.server";

export type HastRoot = Parameters<PipelineDeps["toHtml"]>[0];
type MdastRoot = Parameters<PipelineDeps["toHast"]>[0];
type ToHastOptions = NonNullable<Parameters<PipelineDeps["toHast"]>[1]>;
type Handler = NonNullable<NonNullable<ToHastOptions["handlers"]>["mdxJsxFlowElement"]>;
type Transformer = (tree: HastRoot, file: unknown) => unknown;

interface MessageOptions {
  place?: { start?: { line: number; column: number }; line?: number };
  cause?: unknown;
}

/**
 * A JSX element the guard let through becomes a plain hast element: HTML
 * with its attributes normalised by hastscript, a component under its own
 * name with string props. Attribute values are strings by now (the guard
 * turned `{60}` into "60"), or true for a bare attribute.
 */
const jsxElement: Handler = (state, node) => {
  const { name, attributes } = node as unknown as MdNode;
  const props: Record<string, string | true> = Object.create(null);
  for (const attribute of attributes ?? []) {
    if (attribute.type !== "mdxJsxAttribute" || !attribute.name) continue;
    const { value } = attribute;
    props[attribute.name] = typeof value === "string" ? value : true;
  }
  const tagName = name ?? "div";
  const properties = /^[A-Z]/.test(tagName) ? { ...props } : pipelineDeps().h(tagName, props).properties;
  const result = { type: "element" as const, tagName, properties, children: state.all(node) };
  state.patch(node, result);
  return state.applyData(node, result);
};

// Refused by the guard (a lesson holding one never renders); dropped here all the same.
const nothing: Handler = () => undefined;

/** Turns a rehype transformer's messages into problems with lines. */
function reporting(ctx: CompileContext, transformer: Transformer, severity: Problem["severity"]) {
  return (tree: HastRoot) =>
    transformer(tree, {
      message(reason: string, options?: MessageOptions) {
        const line = options?.place?.start?.line ?? options?.place?.line;
        const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : "";
        ctx.problems.push({
          severity,
          file: ctx.file,
          ...(line ? { line } : {}),
          message: `${reason}${cause}`,
        });
      },
    });
}

/** The sanitiser alone, for fragments such as quiz explanations. */
export function sanitize(tree: HastRoot): HastRoot {
  const clean = pipelineDeps().rehypeSanitize(SANITIZE_SCHEMA) as unknown as (tree: HastRoot) => HastRoot;
  return clean(tree);
}

/**
 * mdast (already guarded) → hast, sanitised against the allowlist, then
 * KaTeX and highlight.js: our own libraries, run on the clean tree.
 */
export function lessonHast(ctx: CompileContext, tree: MdNode, markdownSource?: string): HastRoot {
  const { toHast, rehypeKatex, rehypeHighlight } = pipelineDeps();
  const converted = toHast(tree as unknown as MdastRoot, {
    // Only a `.md` lesson has raw HTML (MDX parses tags as JSX); it is checked, parsed, then sanitised.
    allowDangerousHtml: markdownSource !== undefined,
    handlers: {
      mdxJsxFlowElement: jsxElement,
      mdxJsxTextElement: jsxElement,
      mdxjsEsm: nothing,
      mdxFlowExpression: nothing,
      mdxTextExpression: nothing,
    },
  }) as HastRoot;
  const hast = markdownSource === undefined ? converted : rawHtmlToElements(ctx, converted, markdownSource);
  const clean = sanitize(hast);
  reporting(ctx, rehypeKatex({ strict: "ignore" }) as unknown as Transformer, "error")(clean);
  rehypeFocusableMath()(clean as never);
  const highlight = rehypeHighlight({ plainText: ["text", "txt", "plain"] }) as unknown as Transformer;
  reporting(ctx, highlight, "warning")(clean);
  return clean;
}
