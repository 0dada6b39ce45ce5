import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { messages } from "~/i18n/messages";
import { scanContent } from "./content-index.server";
import { parseLessonSync } from "./compile.server";
import { markdownProse, mdxProse, svgProse } from "./glossary-prose.server";
import {
  type Glossary,
  glossarySchema,
  type GlossaryScope,
  catalogueSpans,
  glossaryFile,
  glossaryProblems,
  loadGlossary,
  proseProblems,
} from "./glossary.server";
import { contentRoot } from "./paths.server";
import { loadPipelineDeps } from "./pipeline-deps.server";

const glossary: Glossary = glossarySchema.parse({
  terms: [
    {
      preferred: "课",
      english: "lesson",
      applies: "both",
      avoid: ["课时", "本讲"],
      avoid_patterns: ["第\\s*[0-9一二三四五六七八九十]+\\s*讲"],
    },
    { preferred: "轮", english: "epoch", applies: "lessons", avoid: ["epoch"] },
    {
      preferred: "像元",
      english: "pixel",
      applies: "lessons",
      courses: ["remote-sensing"],
      avoid: ["像素"],
      allow: ["超像素"],
    },
    {
      preferred: "武汉人工智能计算中心",
      english: "Wuhan AI Computing Center",
      applies: "both",
      avoid: ["公共算力中心", "算力中心"],
    },
    { preferred: "启用", english: "enable", applies: "interface", avoid: ["恢复"] },
  ],
});
const rs: GlossaryScope = { where: "lessons", course: "remote-sensing" };

function lessonWarnings(body: string, scope: GlossaryScope = rs): string[] {
  const source = `---\nid: x\ntitle: 测试\nminutes: 5\nrequired: true\n---\n\n${body}\n`;
  return proseProblems("x.mdx", mdxProse(source), glossary, scope).map((p) => `${p.line} ${p.message}`);
}

describe("glossary check", () => {
  it("warns on avoided variants, 第 N 讲 and 本讲, at their lines", () => {
    expect(lessonWarnings("见第 3 讲。\n\n本讲介绍像素。")).toEqual([
      '8 "第 3 讲": write 课 (lesson), the glossary\'s term',
      '10 "本讲": write 课 (lesson), the glossary\'s term',
      '10 "像素": write 像元 (pixel), the glossary\'s term',
    ]);
  });

  it("keeps 讲 as a verb and a term glossed after the preferred word", () => {
    expect(lessonWarnings("上一课所讲的内容，再训练 5 轮（epoch）。")).toEqual([]);
  });

  it("limits a term to its courses and to lessons or the interface", () => {
    expect(lessonWarnings("图像由像素组成。", { where: "lessons", course: "ai-foundations" })).toEqual([]);
    expect(lessonWarnings("恢复训练。")).toEqual([]);
    const ui = proseProblems("m.ts", [{ line: 3, text: "恢复", markdown: false }], glossary, {
      where: "interface",
    });
    expect(ui.map((p) => p.message)).toEqual(['"恢复": write 启用 (enable), the glossary\'s term']);
  });

  it("lets an allowed word contain a variant", () => {
    expect(lessonWarnings("SLIC 超像素由许多像素组成。")).toEqual([
      '8 "像素": write 像元 (pixel), the glossary\'s term',
    ]);
  });

  it("reports a longer variant once, not also the shorter one inside it", () => {
    expect(lessonWarnings("实验在公共算力中心完成。")).toHaveLength(1);
  });

  it("ignores code, math, link targets and attribute delimiters", () => {
    const body = [
      "```python",
      'for epoch in range(3):  # "第 1 讲"',
      "```",
      "",
      "变量 `epoch` 与公式 $\\text{像素}$ 不算。见[上一课](../04-讲)。",
      "",
      "$$",
      '\\text{"像素"}',
      "$$",
      "",
      '<Figure src="./a.svg" alt="一景影像" caption="切分后的图块" />',
    ].join("\n");
    expect(lessonWarnings(body)).toEqual([]);
  });

  it("checks attribute values and the frontmatter title as text", () => {
    expect(lessonWarnings('<Figure src="./a.svg" alt="像素示意" />')).toEqual([
      '8 "像素": write 像元 (pixel), the glossary\'s term',
    ]);
    const title = proseProblems("x.mdx", mdxProse('---\ntitle: "第 2 讲"\n---\n'), glossary, rs);
    expect(title.map((p) => p.line)).toEqual([2]);
  });

  it("warns on ASCII quotes around Chinese but not around English or code, and accepts “”", () => {
    expect(lessonWarnings('所谓"伪变化"，以及 \'本\'，但 "OK" 与 “正确” 可以。')).toEqual([
      '8 ASCII quotes around Chinese text ("伪变化"): use “”',
      "8 ASCII quotes around Chinese text ('本'): use “”",
    ]);
  });

  it("warns on italics in Chinese, not on bold, list bullets or English italics", () => {
    expect(lessonWarnings("变了*多少*，**重点**，_哪一类_。\n\n* 列表项 *emphasis* here")).toEqual([
      "8 italics in Chinese text (*多少*): use bold or “” instead",
      "8 italics in Chinese text (_哪一类_): use bold or “” instead",
    ]);
  });

  it("warns on a dash in a number range, not on ～, a minus sign or a dash between words", () => {
    expect(lessonWarnings("波长 0.45–0.69 µm，6—7 月，1 mm – 1 m；40%～50%，−1000，北京—上海。")).toEqual([
      "8 range written with a dash (0.45–0.69): use ～",
      "8 range written with a dash (6—7): use ～",
      "8 range written with a dash (1 mm – 1): use ～",
    ]);
  });

  it("reads the visible text of a figure", () => {
    const spans = svgProse('<svg>\n<text x="1">裸土 "像素"</text>\n</svg>');
    expect(proseProblems("f.svg", spans, glossary, rs).map((p) => p.line)).toEqual([2, 2]);
  });

  it("reports a broken glossary as errors with lines instead of throwing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "glossary-"));
    const file = glossaryFile(dir);
    writeFileSync(
      file,
      'terms:\n  - preferred: 课\n    english: lesson\n    applies: both\n    avoid_patterns: ["第(讲"]\n    __proto__: x\n',
    );
    const { glossary: loaded, problems } = loadGlossary(file);
    expect(loaded).toBeUndefined();
    expect(problems.map((p) => `${p.severity} ${p.line} ${p.message}`)).toEqual([
      "error 5 terms.0.avoid_patterns.0: must be a valid regular expression",
      'error 6 unknown field "terms.0.__proto__"',
    ]);
    writeFileSync(file, "terms: [\n");
    expect(loadGlossary(file).problems[0]?.severity).toBe("error");
  });

  it("skips a content folder that has no glossary", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "glossary-"));
    expect(glossaryProblems(dir, { root: dir, courses: [] })).toEqual([]);
  });
});

describe("glossary check of plain Markdown lessons", () => {
  beforeAll(() => loadPipelineDeps());

  function markdownWarnings(body: string, inlineMath = false): string[] {
    const source = `---\nid: x\ntitle: 测试\nminutes: 5\nrequired: true\n---\n\n${body}\n`;
    const spans = markdownProse(source, parseLessonSync(source, { inlineMath }), inlineMath);
    return proseProblems("x.md", spans, glossary, rs).map((p) => `${p.line} ${p.message}`);
  }

  it("reads GitHub Markdown as GitHub does: indented code and comments are not prose, $ is money", () => {
    const body = [
      "开头。",
      "",
      "    print('本讲')  # indented code",
      "",
      "<!-- 本讲",
      "第 3 讲 -->",
      "",
      "1. 列表项：",
      "",
      "    第 3 讲在列表里，是正文。",
      "",
      "花 $5 学本讲，$10 学像素。",
      "",
      '<img src="a.png" alt="本讲的图">',
    ].join("\n");
    expect(markdownWarnings(body)).toEqual([
      '17 "第 3 讲": write 课 (lesson), the glossary\'s term',
      '19 "本讲": write 课 (lesson), the glossary\'s term',
      '19 "像素": write 像元 (pixel), the glossary\'s term',
      '21 "本讲": write 课 (lesson), the glossary\'s term',
    ]);
    // A course that opts in to inline math reads "$5 学本讲，$" as a formula.
    expect(markdownWarnings("花 $5 学本讲，$10 学像素。", true)).toEqual([
      '8 "像素": write 像元 (pixel), the glossary\'s term',
    ]);
  });

  it("checks zh .md lessons and their quiz sidecars in a content folder, by file and line", () => {
    const root = mkdtempSync(path.join(tmpdir(), "glossary-md-"));
    const dir = path.join(root, "courses/remote-sensing/01-md");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(root, "glossary.yml"),
      "terms:\n  - preferred: 课\n    english: lesson\n    applies: both\n    avoid: [本讲]\n",
    );
    writeFileSync(
      path.join(root, "courses/remote-sensing/course.yml"),
      "id: rs\ntitle: { zh: 遥感, en: RS }\nsummary: { zh: 课。, en: C. }\nlevel: beginner\npassMark: 70\ncertificate: required-lessons\noutcomes: { zh: [学], en: [L] }\nlessons: [01-md]\n",
    );
    writeFileSync(
      path.join(dir, "index.zh.md"),
      "---\nid: rs-md\ntitle: 本讲\nminutes: 5\nrequired: true\n---\n\n正文。\n",
    );
    writeFileSync(
      path.join(dir, "quiz.zh.yml"),
      "questions:\n  - id: q1\n    type: single\n    prompt: 本讲讲什么？\n    choices: [遥感, 本讲]\n    answer: 1\n    explanation: 见正文。\n",
    );
    const { index } = scanContent(root);
    expect(
      glossaryProblems(root, index).map((p) => `${path.basename(p.file)}:${p.line} ${p.message}`),
    ).toEqual([
      'index.zh.md:3 "本讲": write 课 (lesson), the glossary\'s term',
      'quiz.zh.yml:4 "本讲": write 课 (lesson), the glossary\'s term',
      'quiz.zh.yml:5 "本讲": write 课 (lesson), the glossary\'s term',
    ]);
  });
});

describe("the real glossary", () => {
  const { glossary: real, problems } = loadGlossary(glossaryFile(contentRoot));

  it("loads without problems", () => {
    expect(problems).toEqual([]);
    expect(real?.terms.length).toBeGreaterThan(10);
  });

  it("finds nothing in the zh-CN message catalogue", () => {
    if (!real) throw new Error("glossary did not load");
    const found = catalogueSpans().flatMap(({ file, spans }) =>
      proseProblems(file, spans, real, { where: "interface" }).map(
        (p) => `${path.basename(file)}:${p.line} ${p.message}`,
      ),
    );
    expect(found).toEqual([]);
  });

  it("covers every zh-CN message", () => {
    const count = catalogueSpans().reduce((sum, { spans }) => sum + spans.length, 0);
    expect(count).toBe(Object.keys(messages).length);
  });

  it("finds nothing in any course's lessons", () => {
    const { index } = scanContent(contentRoot);
    const found = glossaryProblems(contentRoot, index).map(
      (p) => `${path.relative(contentRoot, p.file)}:${p.line} ${p.message}`,
    );
    expect(found).toEqual([]);
  });
});
