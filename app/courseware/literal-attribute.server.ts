/**
 * `minutes={60}` is how JSX spells a number, so lessons may use it; anything
 * else between braces is code. The parser (acorn, parse only) hands us the
 * expression's syntax tree, and only a lone number or boolean literal, or a
 * minus sign before a number, is accepted. Nothing is ever evaluated: the
 * value is read off the literal node.
 */
interface EstreeNode {
  type: string;
  body?: EstreeNode[];
  expression?: EstreeNode;
  operator?: string;
  argument?: EstreeNode;
  value?: unknown;
}

function literalOf(node: EstreeNode | undefined): number | boolean | undefined {
  if (node?.type === "Literal") {
    const { value } = node;
    if (typeof value === "boolean") return value;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    return undefined;
  }
  if (node?.type === "UnaryExpression" && node.operator === "-") {
    const inner = node.argument?.type === "Literal" ? node.argument.value : undefined;
    return typeof inner === "number" && Number.isFinite(inner) ? -inner : undefined;
  }
  return undefined;
}

/** The literal an attribute expression holds, as the string the components receive; undefined when it is not one. */
export function literalAttributeValue(estree: unknown): string | undefined {
  const program = estree as EstreeNode | undefined;
  if (program?.type !== "Program" || program.body?.length !== 1) return undefined;
  const [statement] = program.body;
  if (statement?.type !== "ExpressionStatement") return undefined;
  const value = literalOf(statement.expression);
  return value === undefined ? undefined : String(value);
}
