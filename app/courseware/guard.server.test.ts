import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "~db/paths.server";
import { referencedAssets } from "./cache.server";
import { type CompileContext, createCompileContext } from "./compile-context.server";
import { parseLesson } from "./compile.server";
import { lessonHast } from "./hast.server";
import { MAX_NESTING, preScan, tooDeepNode } from "./limits.server";
import { type MdNode, isJsx, walk } from "./mdast.server";
import { guardTree, urlScheme } from "./remark-guard.server";
import { renderLessonHtml } from "./render.server";

const lessonDir = path.join(projectRoot, "test/fixtures/content/courses/fixture-course/01-basics");

function context(): CompileContext {
  return createCompileContext({
    file: path.join(lessonDir, "index.en.mdx"),
    lessonDir,
    courseSlug: "fixture-course",
    lessonSlug: "01-basics",
    lang: "en",
    hasTarget: () => true,
  });
}

async function guarded(source: string) {
  const ctx = context();
  const tree = await parseLesson(source);
  guardTree(ctx, tree);
  return { ctx, tree, messages: ctx.problems.map((p) => p.message) };
}

function attributesOf(tree: MdNode, name: string) {
  let found: MdNode | undefined;
  walk(tree, (node) => {
    if (!found && isJsx(node, name)) found = node;
  });
  return Object.fromEntries((found?.attributes ?? []).map((a) => [a.name, a.value]));
}

describe("attribute values", () => {
  it("accept a lone number or boolean literal between braces, as the string the components get", async () => {
    const { tree, messages } = await guarded(
      '<Lab pool="cpu-notebook" minutes={60}>\nx\n</Lab>\n\n<Question id="q" type="numeric" answer={-1.5} tolerance={0}>\nx\n</Question>\n\n<Choice correct={true}>y</Choice>',
    );
    expect(messages).toEqual([]);
    expect(attributesOf(tree, "Lab")).toEqual({ pool: "cpu-notebook", minutes: "60" });
    expect(attributesOf(tree, "Question")).toMatchObject({ answer: "-1.5", tolerance: "0" });
    expect(attributesOf(tree, "Choice")).toEqual({ correct: "true" });
  });

  it.each([
    ["a string in braces", '{"60"}'],
    ["arithmetic", "{60 * 2}"],
    ["a global", "{Infinity}"],
    ["a call", "{Number('60')}"],
    ["a bigint", "{60n}"],
    ["a double negation", "{-(-60)}"],
    ["a template", "{`60`}"],
    ["an object", "{{ minutes: 60 }}"],
  ])("refuse %s", async (_what, value) => {
    const { tree, messages } = await guarded(`<Lab pool="cpu-notebook" minutes=${value}>\nx\n</Lab>`);
    expect(messages[0]).toMatch(/^<Lab minutes=\{…\}>: only quoted text, numbers and true\/false/);
    expect(attributesOf(tree, "Lab")).toEqual({ pool: "cpu-notebook" });
  });

  it("refuse duplicates, unknown attributes and ids on HTML", async () => {
    const { messages } = await guarded(
      '<Callout type="note" type="tip">\nx\n</Callout>\n\n<Callout type="note" foo="1">\nx\n</Callout>\n\n<p id="main">x</p>',
    );
    expect(messages).toEqual([
      "<Callout> has type= twice",
      "<Callout> takes no foo= (allowed: type, title)",
      "<p> takes no id= (allowed: title, lang, dir)",
    ]);
  });
});

describe("link targets", () => {
  it("are read the way a browser reads their scheme", () => {
    expect(urlScheme(" jav\tascript:alert(1)")).toBe("javascript");
    expect(urlScheme("JAVASCRIPT:x")).toBe("javascript");
    expect(urlScheme("./a:b")).toBeUndefined();
  });

  it("refuse encoded javascript: in links and definitions", async () => {
    const { messages } = await guarded("[a](javascript&#58;alert(1)) [b][r]\n\n[r]: vbscript:x\n");
    expect(messages).toEqual([
      "javascript: targets are not allowed: lessons never run code",
      "vbscript: targets are not allowed: lessons never run code",
    ]);
  });
});

describe("the sanitiser behind the guard", () => {
  it("renders nothing runnable even from a tree the guard never saw", async () => {
    process.env.GUARD_TEST_SECRET = "never-in-html";
    const ctx = context();
    const tree = await parseLesson(
      [
        "<script>alert(1)</script>",
        '<img src="x" onError="alert(1)" alt="" />',
        '<a href="javascript:alert(1)">x</a> [y](javascript:alert(2))',
        '<Callout type="note" title={process.env.GUARD_TEST_SECRET}>{process.env.GUARD_TEST_SECRET}</Callout>',
        '<div style="position:fixed" className="x" id="main">z</div>',
        "<iframe src='https://example.com'></iframe><svg><script>alert(3)</script></svg>",
      ].join("\n\n"),
    );
    const html = renderLessonHtml(lessonHast(ctx, tree), "en");
    expect(html).not.toMatch(/<script|<iframe|<svg|onerror|javascript:|style=|id="main"|class="x"/i);
    expect(html).not.toContain("never-in-html");
    expect(html).toContain('<aside class="callout');
  });
});

describe("limits", () => {
  it("refuse a file over the size limit at line 1, before parsing", () => {
    expect(preScan("a".repeat(512 * 1024 + 1))).toMatchObject({ line: 1 });
    expect(preScan("a".repeat(512 * 1024))).toBeUndefined();
  });

  it("count lists, quotes and tags per line, but not code blocks", () => {
    const list = Array.from({ length: MAX_NESTING + 1 }, (_, i) => `${"  ".repeat(i)}- item`).join("\n");
    expect(preScan(`intro\n\n${list}`)).toMatchObject({ line: MAX_NESTING + 3 });
    expect(preScan(`${"> ".repeat(MAX_NESTING)}ok`)).toBeUndefined();
    expect(preScan(`${"<span>".repeat(MAX_NESTING + 1)}x`)).toMatchObject({ line: 1 });
    expect(preScan(`\`\`\`python\n${" ".repeat(400)}x = 1\n\`\`\``)).toBeUndefined();
    expect(preScan(`${"<br>".repeat(200)} \`${"<b>".repeat(200)}\``)).toBeUndefined();
  });

  it("refuse a paragraph of nested emphasis before the parser spends minutes on it", () => {
    const nested = `${"*a _b ".repeat(300)}x${" b_ a*".repeat(300)}`;
    expect(preScan(`## Title\n\n${nested}`)).toMatchObject({ line: 3 });
    const list = Array.from({ length: 200 }, () => "- **bold** and `a*b*c` and $x_1 * y_2$").join("\n");
    expect(preScan(list)).toBeUndefined();
  });

  it("find a too-deep tree without recursion", () => {
    let node: MdNode = { type: "text", value: "x" };
    for (let i = 0; i < 100_000; i += 1) node = { type: "emphasis", children: [node] };
    expect(tooDeepNode({ type: "root", children: [node] })).toBeDefined();
  });
});

describe("asset references in the cache key", () => {
  it("cover images, figures and definitions with or without ./", () => {
    const source =
      '![a](pic.gif) ![b](./b.png "t") <img src="c.svg" /> [d]: ./d.csv\n[e]: e.json\n[x](https://x.org/f.png)';
    expect(referencedAssets(source)).toEqual(["b.png", "c.svg", "e.json", "pic.gif"]);
  });
});
