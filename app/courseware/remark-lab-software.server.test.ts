import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileLesson } from "./compile.server";

const root = mkdtempSync(path.join(tmpdir(), "lab-software-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function compile(frontmatterLab: string, body: string, lang: "en" | "zh" = "en") {
  const dir = path.join(root, String(Math.random()).slice(2));
  mkdirSync(dir);
  const file = path.join(dir, `index.${lang}.mdx`);
  writeFileSync(
    file,
    `---\nid: lab-x\ntitle: Lab\nminutes: 10\nrequired: true\n${frontmatterLab}---\n\n## Lab\n\n${body}\n\n${QUIZ}`,
  );
  return compileLesson({
    file,
    lessonDir: dir,
    courseSlug: "c",
    lessonSlug: "01-lab",
    lang,
    key: "a".repeat(64),
    hasTarget: () => true,
  });
}

// Every lesson needs a quiz; this one only keeps the compile free of other problems.
const QUIZ = `<Quiz id="q">\n\n<Question id="q1" type="truefalse" answer="true">\nTrue?\n\n<Explanation>\nYes.\n</Explanation>\n</Question>\n\n</Quiz>\n`;
const lab = "lab:\n  pool: cpu-notebook\n  minutes: 30\n";

describe("the software a lab was written for", () => {
  it("is refused on the tag, where it could disagree with the frontmatter", async () => {
    const result = await compile(
      `${lab}  software: PyTorch 2.4\n`,
      '<Lab pool="cpu-notebook" minutes={30} software="<b>PyTorch 1.0</b>">\nRun it.\n</Lab>',
    );
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: "error", line: 14, message: expect.stringMatching(/software=/) }),
    ]);
    expect(result.lesson).toBeUndefined();
  });

  it("comes from the frontmatter and is printed once beside the lab", async () => {
    const result = await compile(
      `${lab}  software: PyTorch 2.4\n`,
      '<Lab pool="cpu-notebook" minutes={30}>\nRun it.\n</Lab>',
    );
    expect(result.problems).toEqual([]);
    const html = result.lesson?.html ?? "";
    expect(html).toContain("Written for PyTorch 2.4.");
    expect(html.match(/class="lab-software/g)).toHaveLength(1);
  });

  it("reads in Chinese with the Chinese range sign, versions unchanged", async () => {
    const result = await compile(
      `${lab}  software: "CANN 8.0–8.5 · PyTorch 2.1—2.10 · torch_npu v2.1.0-6.0.0"\n`,
      '<Lab pool="cpu-notebook" minutes={30}>\n运行。\n</Lab>',
      "zh",
    );
    expect(result.lesson?.html).toContain(
      "本实验基于 CANN 8.0～8.5 · PyTorch 2.1～2.10 · torch_npu v2.1.0-6.0.0 编写",
    );
  });

  it("is printed as text, not markup", async () => {
    const result = await compile(
      `${lab}  software: "<img src=x onerror=alert(1)> & PyTorch"\n`,
      '<Lab pool="cpu-notebook" minutes={30}>\nRun it.\n</Lab>',
    );
    expect(result.lesson?.html).toContain("Written for &lt;img src=x onerror=alert(1)&gt; &amp; PyTorch.");
  });

  it("is a warning, at the lab's line, when the frontmatter lab lacks it", async () => {
    const result = await compile(lab, '<Lab pool="cpu-notebook" minutes={30}>\nRun it.\n</Lab>');
    expect(result.problems).toMatchObject([
      {
        severity: "warning",
        line: 13,
        message: expect.stringMatching(/^the lab does not say which software/),
      },
    ]);
    expect(result.lesson?.html).not.toContain("lab-software");
  });
});
