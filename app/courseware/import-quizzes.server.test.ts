import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { quizSidecarSchema } from "./quiz-sidecar.server";
import { checkContent } from "./check.server";
import { importCurriculum } from "./import.server";

/**
 * Quizzes in the quiz-app JSON format of microsoft's *-For-Beginners
 * curricula (the shape of test/fixtures/ml-for-beginners/quiz-app), linked
 * from lessons as `…/quiz/<n>/`, become `quiz.<lang>.yml` sidecars.
 */
let dir: string;
let source: string;
let content: string;

function write(file: string, text: string) {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

const option = (answerText: string, isCorrect: string | boolean) => ({ answerText, isCorrect });
function quizFile(quizzes: { id: number; quiz: unknown[] }[]) {
  return JSON.stringify([{ title: "Quizzes", complete: "", error: "", quizzes }], null, 2);
}
const run = () => importCurriculum({ source, contentRoot: content, course: "demo" });
const sidecar = (lang: string) =>
  readFileSync(path.join(content, `courses/demo/01-first/quiz.${lang}.yml`), "utf8");

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "import-quiz-"));
  source = path.join(dir, "curriculum/1-Unit");
  content = path.join(dir, "content");
  write(
    "curriculum/1-Unit/01-First/README.md",
    "# First\n\n## [Pre-lecture quiz](https://example.net/quiz/1/)\n\nText.\n\n## [Post-lecture quiz](https://example.net/quiz/2)\n",
  );
  write(
    "curriculum/1-Unit/01-First/translations/README.zh-cn.md",
    "# 第一课\n\n## [课前测验](https://example.net/quiz/1/)\n\n正文。\n",
  );
  const quizzes = (lang: "en" | "zh") => [
    {
      id: 1,
      quiz: [
        {
          questionText: lang === "en" ? "Use `<b>` for *bold*?" : "用 `<b>` 表示 *粗体*？",
          answerOptions: [option("True", "true"), option("False", "false")],
        },
      ],
    },
    {
      id: 2,
      quiz: [
        {
          questionText: lang === "en" ? "Which are fruits?" : "哪些是水果？",
          answerOptions: [option("apple", true), option("stone", false), option("pear", true)],
        },
      ],
    },
  ];
  write("curriculum/quiz-app/src/assets/translations/en.json", quizFile(quizzes("en")));
  write("curriculum/quiz-app/src/assets/translations/zh-cn.json", quizFile(quizzes("zh")));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("content:import quizzes from a quiz app", () => {
  it("turns the quizzes a lesson links to into valid sidecars, in both languages, with the same answers", async () => {
    const { problems } = await run();
    expect(problems).toEqual([]);
    const en = quizSidecarSchema.parse(parse(sidecar("en")));
    const zh = quizSidecarSchema.parse(parse(sidecar("zh")));
    expect(en.questions.map((q) => [q.id, q.type, q.answer])).toEqual([
      ["q1-1", "single", 1],
      ["q2-1", "multiple", [1, 3]],
    ]);
    // The English lesson's links decide the quizzes, so zh gets quiz 2 although its text links only to quiz 1.
    expect(zh.questions.map((q) => [q.id, q.type, q.answer])).toEqual(
      en.questions.map((q) => [q.id, q.type, q.answer]),
    );
    // Quiz-app text is plain text: Markdown punctuation is escaped, so it renders as written.
    expect(en.questions[0]?.prompt).toBe("Use \\`\\<b\\>\\` for \\*bold\\*?");
    expect(zh.questions[1]?.explanation).toBe("正确答案：apple；pear。");
    // The lesson's links to the quiz app now jump to its own quiz.
    const lesson = (lang: string) =>
      readFileSync(path.join(content, `courses/demo/01-first/index.${lang}.md`), "utf8");
    expect(lesson("en")).toContain(
      "## [Pre-lecture quiz](#qz-check)\n\nText.\n\n## [Post-lecture quiz](#qz-check)\n",
    );
    expect(lesson("zh")).toContain("## [课前测验](#qz-check)\n");
  });

  it("leaves a quiz it cannot convert to be written by hand, naming the JSON line", async () => {
    const broken = quizFile([
      { id: 1, quiz: [{ questionText: "Q", answerOptions: [option("", "true"), option("b", "false")] }] },
      { id: 2, quiz: [{ questionText: "Q", answerOptions: [option("a", "false"), option("b", "false")] }] },
    ]);
    write("curriculum/quiz-app/src/assets/translations/zh-cn.json", broken);
    const { problems } = await run();
    expect(problems.map((p) => `${p.severity} ${path.basename(p.file)}:${p.line} ${p.message}`)).toEqual([
      "warning zh-cn.json:8 quiz 1, question 1 has an empty choice (1): fix it there or write quiz.zh.yml by hand",
    ]);
    expect(() => sidecar("zh")).toThrow();
    // Without its quiz, the zh lesson keeps its link to the quiz app.
    expect(readFileSync(path.join(content, "courses/demo/01-first/index.zh.md"), "utf8")).toContain(
      "## [课前测验](https://example.net/quiz/1/)",
    );
    expect(sidecar("en")).toContain("id: q2-1");
  });

  it("reports a quiz file that is not the quiz app's shape, or a quiz that is not in it", async () => {
    write("curriculum/quiz-app/src/assets/translations/zh-cn.json", '{"quizzes": "nope"}');
    write("curriculum/quiz-app/src/assets/translations/en.json", quizFile([]));
    const { problems } = await run();
    expect(problems.map((p) => `${p.severity} ${path.basename(p.file)} ${p.message}`)).toEqual([
      expect.stringMatching(/^error zh-cn\.json not a quiz-app file \(.*\): quizzes not imported$/),
      "warning en.json quiz 1 is not in this file: write quiz.en.yml by hand",
      "warning README.zh-cn.md links to quizzes 1, 2 but there is no zh quiz file: write quiz.zh.yml",
    ]);
  });

  it("rewrites nothing when run again over the same quizzes", async () => {
    await run();
    expect((await run()).written).toEqual([]);
  });

  it("keeps hostile quiz text as text: the imported lesson passes the check with no script or link", async () => {
    const hostile = (lang: string) =>
      quizFile(
        [1, 2].map((id) => ({
          id,
          quiz: [
            {
              questionText: `<script>alert(1)</script> {process.env.HOME} $x$ ${lang}`,
              answerOptions: [
                option("[x](javascript:alert(1))", "true"),
                option("<img src=x onerror=alert(2)>", "false"),
              ],
            },
          ],
        })),
      );
    write("curriculum/quiz-app/src/assets/translations/en.json", hostile("en"));
    write("curriculum/quiz-app/src/assets/translations/zh-cn.json", hostile("zh"));
    expect((await run()).problems).toEqual([]);
    const errors = (await checkContent(content)).filter((p) => p.severity === "error");
    expect(errors).toEqual([]);
    expect(sidecar("en")).toContain("\\<script\\>alert(1)\\</script\\> \\{process.env.HOME\\} \\$x\\$ en");
  });
});
