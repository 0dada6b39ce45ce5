import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "~db/paths.server";
import { checkContent } from "./check.server";
import { formatProblem } from "./problems.server";

const fixtures = path.join(projectRoot, "test/fixtures");

describe("content check", () => {
  it("passes the good fixture with only the missing-translation warning", async () => {
    const problems = await checkContent(path.join(fixtures, "content"));
    expect(problems.map(formatProblem)).toEqual([
      "warning test/fixtures/content/courses/fixture-course/02-next/index.zh.mdx missing translation: readers of zh will see the other language with a notice",
    ]);
  });

  it("reports every problem of the broken fixture with file and line", async () => {
    const problems = await checkContent(path.join(fixtures, "content-broken"));
    const lines = problems
      .map(formatProblem)
      .map((line) => line.replace("test/fixtures/content-broken/courses/", ""));
    const expected = [
      /^error bad-yml\/course\.yml:4 level: /,
      /^error bad-yml\/course\.yml:6 passMark: /,
      /^error broken\/01-bad\/index\.en\.mdx:4 frontmatter "minutes" differs between zh \(45\) and en \(30\)/,
      /^error broken\/01-bad\/index\.en\.mdx:13:3 broken link "\.\.\/99-nowhere"/,
      /^error broken\/01-bad\/index\.en\.mdx:15:1 missing or unusable asset: "nope\.svg" does not exist/,
      /^error broken\/01-bad\/index\.en\.mdx:17:1 unknown component <Video>/,
      /^warning broken\/01-bad\/index\.en\.mdx:19:1 the lab does not say which software it was written for/,
      /^error broken\/01-bad\/index\.en\.mdx:19 <Lab pool="ascend-910b" minutes=\{60\}> does not match the frontmatter lab/,
      /^error broken\/01-bad\/index\.en\.mdx:25:1 single-choice question "q1" has 2 correct choices/,
      /^error broken\/01-bad\/index\.en\.mdx:36:1 duplicate question id "q1"/,
      /^error broken\/01-bad\/index\.en\.mdx:36:1 every question needs an <Explanation>/,
      /^error broken\/01-bad\/index\.en\.mdx:36:1 numeric question "q1" needs a numeric answer/,
      /^error broken\/01-bad\/index\.en\.mdx:36 quiz question check\/q1 differs between zh and en/,
      /^warning broken\/01-bad\/index\.zh\.mdx:13:1 the lab does not say which software it was written for/,
      /^error broken\/02-syntax\/index\.en\.mdx:5 "required: false" disagrees with course\.yml, which does not list this lesson under optional:/,
      /^error broken\/02-syntax\/index\.en\.mdx:12:1 Expected a closing tag for `<Callout>`/,
      /^warning broken\/02-syntax\/index\.zh\.mdx missing translation/,
      /^error broken\/course\.yml:14 lesson folder "03-missing" does not exist/,
    ];
    expect(lines).toHaveLength(expected.length);
    for (const [i, pattern] of expected.entries()) expect(lines[i]).toMatch(pattern);
  });
});
