/**
 * The few mdast / MDX node shapes the compile plugins touch. The unified
 * packages in node_modules disagree on @types/mdast majors, so the plugins
 * use these structural types instead.
 */
export interface MdAttribute {
  type: "mdxJsxAttribute" | "mdxJsxExpressionAttribute";
  name?: string;
  value?:
    | string
    | null
    | { type: "mdxJsxAttributeValueExpression"; value: string; data?: { estree?: unknown } };
}

export interface MdNode {
  type: string;
  children?: MdNode[];
  value?: string;
  url?: string;
  identifier?: string;
  depth?: number;
  name?: string | null;
  attributes?: MdAttribute[];
  position?: { start: { line: number; column: number } };
  data?: Record<string, unknown>;
}

export type Visitor = (node: MdNode, parent: MdNode | undefined, ancestors: readonly MdNode[]) => void;

/** Depth-first walk; children are read after the visitor runs, so it may rewrite them. */
export function walk(node: MdNode, visitor: Visitor, ancestors: MdNode[] = []): void {
  visitor(node, ancestors[ancestors.length - 1], ancestors);
  if (!node.children) return;
  const path = [...ancestors, node];
  for (const child of [...node.children]) walk(child, visitor, path);
}

export const isJsx = (node: MdNode, name?: string): boolean =>
  (node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") &&
  (name === undefined || node.name === name);

export function lineOf(node: MdNode | undefined): number | undefined {
  return node?.position?.start.line;
}

export interface AttributeValue {
  present: boolean;
  /** String literal, `true` for a bare attribute (`correct`), or the source of an `{expression}`. */
  value: string | true | undefined;
  isExpression: boolean;
}

export function readAttribute(node: MdNode, name: string): AttributeValue {
  const attribute = node.attributes?.find((a) => a.type === "mdxJsxAttribute" && a.name === name);
  if (!attribute) return { present: false, value: undefined, isExpression: false };
  const { value } = attribute;
  if (value === null || value === undefined) return { present: true, value: true, isExpression: false };
  if (typeof value === "string") return { present: true, value, isExpression: false };
  return { present: true, value: value.value.trim(), isExpression: true };
}

/** A string attribute, or undefined when absent or not a plain string. */
export function stringAttribute(node: MdNode, name: string): string | undefined {
  const { value, isExpression } = readAttribute(node, name);
  return typeof value === "string" && !isExpression ? value : undefined;
}

/** Replaces all attributes with plain string ones: what the static components receive. */
export function setAttributes(node: MdNode, attributes: Record<string, string>): void {
  node.attributes = Object.entries(attributes).map(([name, value]) => ({
    type: "mdxJsxAttribute",
    name,
    value,
  }));
}

export function jsxElement(
  name: string,
  attributes: Record<string, string>,
  children: MdNode[] = [],
): MdNode {
  const node: MdNode = { type: "mdxJsxFlowElement", name, children };
  setAttributes(node, attributes);
  return node;
}

/** Plain text of a subtree, math and code included as written. */
export function textOf(node: MdNode): string {
  if (node.type === "text" || node.type === "inlineCode" || node.type === "inlineMath")
    return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

/** True when a node holds nothing but whitespace (MDX keeps blank text between flow elements). */
export function isBlank(node: MdNode): boolean {
  return node.type === "text" && !(node.value ?? "").trim();
}
