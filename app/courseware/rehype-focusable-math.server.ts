interface HastNode {
  type: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/**
 * Display math scrolls sideways when it is wider than a phone: make each
 * block focusable so keyboard users can scroll it (WCAG 2.1.1), as code
 * blocks and tables are.
 */
export function rehypeFocusableMath() {
  return (tree: HastNode) => {
    const visit = (node: HastNode) => {
      const className = node.properties?.className;
      if (node.type === "element" && Array.isArray(className) && className.includes("katex-display")) {
        node.properties = { ...node.properties, tabIndex: 0 };
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}
