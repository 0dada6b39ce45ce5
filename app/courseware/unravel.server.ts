import { type MdNode, walk } from "./mdast.server";

const isWhitespace = (node: MdNode) => node.type === "text" && /^[\t\r\n ]+$/.test(node.value ?? "");

/**
 * `<Choice>A</Choice>` alone on a line parses as a paragraph holding a JSX
 * text element; MDX reads such paragraphs as the elements themselves, and
 * the quiz, figure and lab rules expect that shape. (What @mdx-js/mdx's
 * remark-mark-and-unravel does, without the rest of MDX.)
 */
export function unravelJsxParagraphs(tree: MdNode): void {
  walk(tree, (node, parent) => {
    if (node.type !== "paragraph" || !parent?.children) return;
    const children = node.children ?? [];
    const jsx = children.filter(
      (child) => child.type === "mdxJsxTextElement" || child.type === "mdxTextExpression",
    );
    if (jsx.length === 0 || jsx.length + children.filter(isWhitespace).length !== children.length) return;
    for (const child of jsx) {
      child.type = child.type === "mdxJsxTextElement" ? "mdxJsxFlowElement" : "mdxFlowExpression";
    }
    parent.children.splice(parent.children.indexOf(node), 1, ...jsx);
  });
}
