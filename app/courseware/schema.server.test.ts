import { describe, expect, it } from "vitest";
import { parseLessonFrontmatter } from "./frontmatter.server";
import { courseSchema } from "./schema.server";
import { parseYamlSource, schemaProblems } from "./yaml-source.server";

const goodCourse = `id: ai-foundations
title: { zh: 人工智能导论, en: Foundations of AI }
summary: { zh: 简介。, en: Summary. }
level: beginner
passMark: 70
certificate: required-lessons-and-quizzes
outcomes:
  zh: [一, 二]
  en: [one, two]
lessons:
  - 01-what-is-ai
  - 02-data
`;

function courseProblems(text: string) {
  const source = parseYamlSource(text);
  const result = courseSchema.safeParse(source.value);
  return result.success ? [] : schemaProblems("course.yml", source, result.error);
}

describe("course.yml schema", () => {
  it("accepts a complete course", () => {
    expect(courseProblems(goodCourse)).toEqual([]);
  });

  it("reports each bad field at its line", () => {
    const bad = goodCourse
      .replace("level: beginner", "level: expert")
      .replace("passMark: 70", "passMark: 170")
      .replace("id: ai-foundations", "id: AI Foundations");
    const problems = courseProblems(bad);
    expect(problems.map((p) => [p.line, p.message.split(":")[0]])).toEqual([
      [1, "id"],
      [4, "level"],
      [5, "passMark"],
    ]);
  });

  it("refuses unknown fields and a missing translation of a text", () => {
    const bad = `${goodCourse.replace("summary: { zh: 简介。, en: Summary. }", "summary: { zh: 简介。 }")}extra: 1\n`;
    expect(courseProblems(bad).map((p) => `${p.line} ${p.message}`)).toEqual([
      "3 summary.en: Invalid input: expected string, received undefined",
      '13 unknown field "extra"',
    ]);
  });

  it("refuses unequal outcome lists and a lesson listed twice", () => {
    const bad = `${goodCourse.replace("en: [one, two]", "en: [one]")}  - 01-what-is-ai\n`;
    expect(courseProblems(bad).map((p) => `${p.line} ${p.message}`)).toEqual([
      "9 outcomes.en: zh and en must list the same number of outcomes",
      '13 lessons.2: lesson "01-what-is-ai" is listed twice',
    ]);
  });

  it("refuses a course length set by hand: it is the sum of the lessons' minutes", () => {
    const bad = goodCourse.replace("passMark: 70", "hours: 10\npassMark: 70");
    expect(courseProblems(bad).map((p) => `${p.line} ${p.message}`)).toEqual([
      "5 hours: is not set by hand: a course's length is the sum of its lessons' minutes",
    ]);
  });
});

describe("lesson frontmatter", () => {
  const lesson = (frontmatter: string) => `---\n${frontmatter}\n---\n\n## Body\n`;

  it("accepts the documented fields, with and without a lab", () => {
    const plain = parseLessonFrontmatter(
      "x.mdx",
      lesson("id: aif-data\ntitle: Data\nminutes: 35\nrequired: true"),
    );
    expect(plain).toMatchObject({
      frontmatter: { id: "aif-data", minutes: 35, required: true },
      problems: [],
    });
    const withLab = parseLessonFrontmatter(
      "x.mdx",
      lesson(
        "id: npu-amp\ntitle: AMP\nminutes: 50\nrequired: false\nlab:\n  pool: ascend-910b\n  minutes: 60",
      ),
    );
    expect(withLab.frontmatter?.lab).toEqual({ pool: "ascend-910b", minutes: 60 });
  });

  it("takes the lab's software as one short line", () => {
    const withSoftware = (software: string) =>
      parseLessonFrontmatter(
        "x.mdx",
        lesson(
          `id: npu-amp\ntitle: AMP\nminutes: 50\nrequired: true\nlab:\n  pool: ascend-910b\n  minutes: 60\n  software: ${software}`,
        ),
      );
    expect(withSoftware('"CANN 8.0, torch_npu 2.1.0"').frontmatter?.lab).toEqual({
      pool: "ascend-910b",
      minutes: 60,
      software: "CANN 8.0, torch_npu 2.1.0",
    });
    for (const bad of ['""', '"one\\ntwo"', `"${"x".repeat(161)}"`, "[CANN, PyTorch]"]) {
      expect(withSoftware(bad).problems.map((p) => [p.line, p.message.split(":")[0]])).toEqual([
        [9, "lab.software"],
      ]);
    }
  });

  it("reports bad values at their line in the file (frontmatter starts on line 2)", () => {
    const parsed = parseLessonFrontmatter(
      "x.mdx",
      lesson(
        "id: aif-data\ntitle: Data\nminutes: ten\nrequired: yes please\nlab:\n  pool: gpu\n  minutes: 60",
      ),
    );
    expect(parsed.frontmatter).toBeUndefined();
    expect(parsed.problems.map((p) => [p.line, p.message.split(":")[0]])).toEqual([
      [4, "minutes"],
      [5, "required"],
      [7, "lab.pool"],
    ]);
  });

  it("requires a frontmatter block and reports YAML syntax errors", () => {
    expect(parseLessonFrontmatter("x.mdx", "## No frontmatter\n").problems[0]).toMatchObject({ line: 1 });
    const broken = parseLessonFrontmatter("x.mdx", lesson("id: a\ntitle: [unclosed"));
    expect(broken.problems[0]?.message).toMatch(/^frontmatter: /);
  });
});
