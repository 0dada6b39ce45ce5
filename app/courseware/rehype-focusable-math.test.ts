import { describe, expect, it } from "vitest";
import { rehypeFocusableMath } from "./rehype-focusable-math.server";

describe("rehypeFocusableMath", () => {
  it("makes display math focusable and leaves inline math alone", () => {
    const display = { type: "element", properties: { className: ["katex-display"] }, children: [] };
    const inline = { type: "element", properties: { className: ["katex"] }, children: [] };
    const tree = {
      type: "root",
      children: [{ type: "element", properties: {}, children: [display, inline] }],
    };
    rehypeFocusableMath()(tree);
    expect(display.properties).toEqual({ className: ["katex-display"], tabIndex: 0 });
    expect(inline.properties).toEqual({ className: ["katex"] });
  });
});
