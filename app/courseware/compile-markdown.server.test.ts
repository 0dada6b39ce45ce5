import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type CompileResult, compileLesson } from "./compile.server";
import { lessonDir, lessonFile, linkTargets, scanContent } from "./content-index.server";
import { inlineMathOf } from "./precompile.server";

const FRONTMATTER = "---\nid: md-lesson\ntitle: A Markdown lesson\nminutes: 10\nrequired: true\n---\n\n";
const QUIZ = `questions:
  - id: q1
    type: single
    prompt: "Which is **bold**?"
    choices: [this, that]
    answer: 2
    explanation: SECRET-WHY
  - id: q2
    type: truefalse
    prompt: Is it?
    answer: false
    explanation: No.
`;
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082",
  "hex",
);

/** A one-lesson course in a temp content root, compiled like the check compiles it. */
async function compileMarkdown(
  body: string,
  {
    quiz = QUIZ,
    inlineMath = false,
    ext = "md",
  }: { quiz?: string | null; inlineMath?: boolean; ext?: "md" | "mdx" } = {},
): Promise<CompileResult> {
  const root = mkdtempSync(path.join(tmpdir(), "md-lesson-"));
  const dir = path.join(root, "courses", "md-course", "01-md");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(root, "courses", "md-course", "course.yml"),
    `id: md-course\ntitle: { zh: 课, en: Course }\nsummary: { zh: 课。, en: Course. }\nlevel: beginner\npassMark: 70\ncertificate: required-lessons\noutcomes: { zh: [学], en: [Learn] }\nlessons: [01-md]\n${inlineMath ? "markdown: { inlineMath: true }\n" : ""}`,
  );
  writeFileSync(path.join(dir, `index.en.${ext}`), FRONTMATTER + body);
  if (quiz !== null) writeFileSync(path.join(dir, "quiz.en.yml"), quiz);
  writeFileSync(path.join(dir, "dot.png"), PNG);
  const { index, problems } = scanContent(root);
  expect(problems).toEqual([]);
  const ref = { courseSlug: "md-course", lessonSlug: "01-md", lang: "en" as const };
  return compileLesson({
    ...ref,
    key: "m".repeat(64),
    file: lessonFile(root, ref.courseSlug, ref.lessonSlug, ref.lang),
    lessonDir: lessonDir(root, ref.courseSlug, ref.lessonSlug),
    hasTarget: linkTargets(index),
    inlineMath: inlineMathOf(index, ref),
  });
}

async function html(body: string, options?: Parameters<typeof compileMarkdown>[1]) {
  const result = await compileMarkdown(body, options);
  expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
  return result.lesson?.html ?? "";
}

describe("plain Markdown lessons (index.<lang>.md)", () => {
  it("renders raw HTML GitHub allows: <br>, <details>/<summary>, <sub>/<sup>, <img>; drops comments", async () => {
    const out = await html(
      'One<br>two <!-- hidden note --> H<sub>2</sub>O x<sup>2</sup>\n\n<details>\n<summary>More</summary>\n\nInside **bold**\n\n</details>\n\n<img src="dot.png" alt="A dot">\n',
    );
    expect(out).toContain("One<br/>two");
    expect(out).not.toContain("hidden note");
    expect(out).toContain("H<sub>2</sub>O x<sup>2</sup>");
    expect(out).toMatch(
      /<details>\s*<summary>More<\/summary>\s*<p>Inside <strong>bold<\/strong><\/p>\s*<\/details>/,
    );
    expect(out).toMatch(/<img src="\/lesson-assets\/md-course\/01-md\/dot\.png\?v=[^"]+" alt="A dot"\/>/);
  });

  it("reads autolinks, aligned tables, indented code and $$ display math", async () => {
    const out = await html(
      "See <https://example.org/x>.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n    x = 1 < 2\n\n$$\nE = mc^2\n$$\n",
    );
    expect(out).toContain('<a href="https://example.org/x">https://example.org/x</a>');
    expect(out).toContain('<th style="text-align:left">a</th><th style="text-align:right">b</th>');
    expect(out).toContain('<pre tabindex="0"><code>x = 1 &lt; 2\n</code></pre>');
    expect(out).toContain('class="katex-display"');
  });

  it("keeps braces, < and single dollars as text unless the course opts in to inline math", async () => {
    const money = await html("It costs $5 and $10; the set {1, 2, 3} has 3 < 4 items.\n");
    expect(money).toContain("It costs $5 and $10; the set {1, 2, 3} has 3 &lt; 4 items.");
    expect(money).not.toContain("katex");
    const math = await html("Energy $E = mc^2$.\n", { inlineMath: true });
    expect(math).toContain('class="katex"');
  });

  it("renders an unknown code language as plain text, with a warning", async () => {
    const result = await compileMarkdown("```output\nresult: 42\n```\n");
    expect(result.lesson?.html).toContain("result: 42");
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: "warning", line: 8, message: expect.stringMatching(/output/) }),
    ]);
  });

  it("takes its quiz from quiz.<lang>.yml: the same public quiz and server-only key as <Quiz>", async () => {
    const result = await compileMarkdown("Body.\n");
    const lesson = result.lesson!;
    expect(lesson.quizzes).toEqual([
      {
        id: "check",
        questions: [
          { id: "q1", type: "single" },
          { id: "q2", type: "truefalse" },
        ],
      },
    ]);
    expect(lesson.answerKey[0]?.questions.map(({ explanationHtml, ...spec }) => spec)).toEqual([
      { id: "q1", type: "single", choiceCount: 2, correct: [1] },
      { id: "q2", type: "truefalse", answer: false },
    ]);
    expect(lesson.answerKey[0]?.questions[0]?.explanationHtml).toBe("<p>SECRET-WHY</p>");
    expect(lesson.html).toContain("<strong>bold</strong>");
    expect(lesson.html).not.toContain("SECRET-WHY");
  });

  it("refuses a missing or invalid quiz sidecar with its file and line", async () => {
    const none = await compileMarkdown("Body.\n", { quiz: null });
    expect(none.lesson).toBeUndefined();
    expect(none.problems.map((p) => p.message)).toContain(
      "every lesson needs a quiz: write quiz.en.yml beside the lesson",
    );
    const bad = await compileMarkdown("Body.\n", { quiz: QUIZ.replace("answer: 2", "answer: 3") });
    expect(bad.lesson).toBeUndefined();
    expect(bad.problems).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/quiz\.en\.yml$/),
        line: 6,
        message: "the answer names a choice past the last one (2)",
      }),
    ]);
  });

  it("refuses hostile HTML and links with file:line and publishes nothing", async () => {
    const result = await compileMarkdown(
      'Hi\n\n<script>alert(1)</script>\n\n<img src="dot.png" onerror="alert(2)">\n\n[x](javascript:alert(3))\n\n<a href="javascript:alert(4)">y</a>\n',
    );
    expect(result.lesson).toBeUndefined();
    const errors = result.problems
      .filter((p) => p.severity === "error")
      .map((p) => `${path.basename(p.file)}:${p.line} ${p.message}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        "index.en.md:10 <script> is not allowed in lessons: lessons never run code",
        "index.en.md:12 <img onError>: event handlers are not allowed; lessons never run code",
        "index.en.md:14 javascript: targets are not allowed: lessons never run code",
        "index.en.md:16 <a href>: javascript: targets are not allowed: lessons never run code",
      ]),
    );
  });

  it("refuses remote and out-of-folder images in raw HTML, and lists them by line", async () => {
    const result = await compileMarkdown('<img src="https://example.org/a.png">\n\n<img src="../x/b.png">\n');
    expect(result.lesson).toBeUndefined();
    expect(result.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      '8 <img> "https://example.org/a.png" is remote: download the file into the lesson folder and refer to it as "./name"',
      '10 <img> "../x/b.png" is outside the lesson folder: put the file beside the lesson',
    ]);
  });

  it("sends raw-HTML <a href> through the link checks Markdown links get, with file:line", async () => {
    const result = await compileMarkdown(
      'See <a href="../02-gone">the next lesson</a>.\n\n<p><a href="data:text/html,x">x</a></p>\n\n<a href="../01-md#top">here</a> <a href="dot.png">file</a>\n',
    );
    expect(result.lesson).toBeUndefined();
    expect(
      result.problems.filter((p) => p.severity === "error").map((p) => `${p.line} ${p.message}`),
    ).toEqual([
      '8 broken link "../02-gone": no such course, lesson or file',
      "10 <a href>: data: targets are not allowed: lessons never run code",
    ]);
    const page = await html('<a href="../01-md#top">here</a> <a href="dot.png" title="t">file</a>\n');
    expect(page).toContain('<a href="/courses/md-course/01-md#top">here</a>');
    expect(page).toMatch(
      /<a href="\/lesson-assets\/md-course\/01-md\/dot\.png\?v=[0-9a-f]+" title="t">file<\/a>/,
    );
  });

  it("checks <a href> written as a tag in an MDX lesson the same way", async () => {
    const result = await compileMarkdown('See <a href="../02-gone">the next lesson</a>.\n', {
      ext: "mdx",
      quiz: null,
    });
    expect(result.problems.map((p) => `${p.line} ${p.message}`)).toContain(
      '8 broken link "../02-gone": no such course, lesson or file',
    );
  });
});
