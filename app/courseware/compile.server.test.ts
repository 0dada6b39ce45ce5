import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "~db/paths.server";
import type { CompiledLesson } from "./cache.server";
import { type CompileResult, compileLesson } from "./compile.server";
import { lessonDir, lessonFile, linkTargets, scanContent } from "./content-index.server";

const root = path.join(projectRoot, "test/fixtures/content");
const SECRETS = ["SECRET-EXPLANATION", "42.5", "0.25", "correct", "answer=", "tolerance", "Explanation"];

async function compileFixture(lang: "en" | "zh"): Promise<CompileResult> {
  const { index } = scanContent(root);
  const ref = { courseSlug: "fixture-course", lessonSlug: "01-basics", lang };
  return compileLesson({
    ...ref,
    key: "f".repeat(64),
    file: lessonFile(root, ref.courseSlug, ref.lessonSlug, lang),
    lessonDir: lessonDir(root, ref.courseSlug, ref.lessonSlug),
    hasTarget: linkTargets(index),
  });
}

describe("compiling a lesson", () => {
  let result: CompileResult;
  let lesson: CompiledLesson;
  beforeAll(async () => {
    result = await compileFixture("en");
    lesson = result.lesson!;
  });

  it("compiles the fixture without problems", () => {
    expect(result.problems).toEqual([]);
    expect(lesson.frontmatter).toMatchObject({
      id: "fixture-basics",
      minutes: 20,
      lab: { pool: "cpu-notebook", minutes: 30, software: "Python 3.11, scikit-learn 1.5" },
    });
  });

  it("keeps answers and explanations out of the HTML and the public quiz data", () => {
    const sentToBrowser = lesson.html + JSON.stringify(lesson.quizzes) + JSON.stringify(lesson.toc);
    for (const secret of SECRETS) expect(sentToBrowser).not.toContain(secret);
    expect(lesson.quizzes).toEqual([
      {
        id: "check",
        questions: [
          { id: "q1", type: "single" },
          { id: "q2", type: "multiple" },
          { id: "q3", type: "truefalse" },
          { id: "q4", type: "numeric" },
        ],
      },
    ]);
  });

  it("keeps the answer key, with explanations rendered to HTML, on the server", () => {
    const [quiz] = lesson.answerKey;
    expect(quiz?.questions.map(({ explanationHtml, ...spec }) => spec)).toEqual([
      { id: "q1", type: "single", choiceCount: 3, correct: [1] },
      { id: "q2", type: "multiple", choiceCount: 3, correct: [0, 2] },
      { id: "q3", type: "truefalse", answer: false },
      { id: "q4", type: "numeric", answer: 42.5, tolerance: 0.25 },
    ]);
    expect(quiz?.questions[0]?.explanationHtml).toBe(
      "<p>SECRET-EXPLANATION-ONE: the second option is right.</p>",
    );
    expect(quiz?.questions[1]?.explanationHtml).toContain('class="katex"');
  });

  it("renders each quiz as a form that works without JavaScript", () => {
    expect(lesson.html).toContain('<form method="post" action="#quiz-result" class="quiz" data-quiz="check"');
    expect(lesson.html).toContain('<input type="hidden" name="quizId" value="check"/>');
    expect(lesson.html).toMatch(/<input type="radio" name="answer-q1" required="" value="1"\/>/);
    expect(lesson.html).toMatch(/<input type="checkbox" name="answer-q2" value="2"\/>/);
    expect(lesson.html).toMatch(/<input type="radio" name="answer-q3" required="" value="false"\/>/);
    expect(lesson.html).toMatch(
      /<input type="number" step="any" inputMode="decimal" name="answer-q4" required=""/,
    );
    expect(lesson.html.match(/data-feedback="q\d"/g)).toHaveLength(4);
    expect(lesson.html).toContain('<button type="submit"');
  });

  it("rewrites lesson links and asset references to real URLs", () => {
    expect(lesson.html).toContain('href="/courses/fixture-course/02-next"');
    expect(lesson.html).toMatch(
      /href="\/lesson-assets\/fixture-course\/01-basics\/data\.csv\?v=[0-9a-f]{12}"/,
    );
    expect(lesson.html).toMatch(
      /<img src="\/lesson-assets\/fixture-course\/01-basics\/chart\.svg\?v=[0-9a-f]{12}" alt="A single bar" width="320" height="160"/,
    );
  });

  it("builds the table of contents from ## and ### headings with ids, highlights code and renders math", () => {
    expect(lesson.toc).toEqual([
      { depth: 2, id: "getting-started", text: "Getting started" },
      { depth: 3, id: "some-code", text: "Some code" },
    ]);
    expect(lesson.html).toContain('<h2 id="getting-started">');
    expect(lesson.html).toContain('<code class="hljs language-python">');
    expect(lesson.html).toContain('class="katex"');
    expect(lesson.html).toContain('<div class="table-scroll" tabindex="0"><table>');
    expect(lesson.html).toContain('<pre tabindex="0"><code class="hljs language-python">');
  });

  it("renders the static parts in the lesson's language", async () => {
    const zh = (await compileFixture("zh")).lesson!;
    expect(zh.html).toContain("随堂测验");
    expect(zh.html).toContain("提交答案");
    expect(lesson.html).toContain("Check your understanding");
    expect(result.labs).toEqual([{ need: { pool: "cpu-notebook", minutes: 30 }, line: 32 }]);
  });

  it("shows beside the lab the software it was written for, in the lesson's language", async () => {
    const zh = (await compileFixture("zh")).lesson!;
    expect(lesson.html).toContain(
      '<p class="lab-software mt-1 text-sm text-violet-900">Written for Python 3.11, scikit-learn 1.5.',
    );
    expect(zh.html).toContain("本实验基于 Python 3.11, scikit-learn 1.5 编写");
  });
});
