import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The hostile course: every lesson but 40-good tries something a lesson must
 * never do. The check and the build run as real subprocesses, the way
 * `npm run content:check` and `npm run build` run them, with a known
 * secret in their environment.
 */
const FIXTURE = path.resolve("test/fixtures/content-hostile");
const WRITTEN = "/tmp/talent-hostile-lesson-wrote-this";
const SECRET = `hostile-secret-${randomBytes(12).toString("hex")}`;
const TSX = path.resolve("node_modules/.bin/tsx");

/** lesson folder → the line and message each tool must report for it. */
const EXPECTED: Record<string, RegExp> = {
  "01-write-file": /:10:1 \{…\} is an expression, and lessons never run code/,
  "02-read-env": /:10:15 \{…\} is an expression, and lessons never run code/,
  "03-attribute-expression": /:10:1 <Callout title=\{…\}>: only quoted text, numbers and true\/false/,
  "04-export": /:10:1 import and export are not allowed/,
  "05-import": /:10:1 import and export are not allowed/,
  "06-script": /:10:1 <script> is not allowed in lessons/,
  "07-iframe": /:10:1 <iframe> is not allowed in lessons/,
  "08-svg-script": /:10:1 <svg> is not allowed in lessons/,
  "09-dangerously-set-inner-html": /:10:1 <div>: dangerouslySetInnerHTML is not allowed/,
  "10-javascript-link": /:10:3 javascript: targets are not allowed/,
  "11-vbscript-link": /:10:3 vbscript: targets are not allowed/,
  "12-data-link": /:10:3 data: targets are not allowed/,
  "13-html-javascript-href": /:10:3 <a href>: javascript: targets are not allowed/,
  "14-component-javascript-prop": /:10:1 <Figure src>: javascript: targets are not allowed/,
  "15-event-handler": /:10:6 <span onClick>: event handlers are not allowed/,
  "16-spread-attribute": /:10:1 <Callout \{…\}>: spread attributes are code/,
  "17-style": /:10:1 <style> is not allowed in lessons/,
  "18-object": /:10:1 <object> is not allowed in lessons/,
  "19-embed": /:10:1 <embed> is not allowed in lessons/,
  "20-form": /:10:1 <form> is not allowed in lessons/,
  "21-base": /:10:1 <base> is not allowed in lessons/,
  "22-meta": /:10:1 <meta> is not allowed in lessons/,
  "23-computed-number": /:10:1 <Lab minutes=\{…\}>: only quoted text, numbers and true\/false/,
  "24-remote-image": /:10:1 image "https:\/\/example\.com\/chart\.png" is remote/,
  "25-image-outside-folder": /:10:1 image "\.\.\/40-good\/anim\.gif" is outside the lesson folder/,
  "26-missing-image": /:10:1 missing or unusable asset: "nope\.png" does not exist/,
  "27-unsupported-image": /:10:1 missing or unusable asset: "picture\.bmp" has a type that is not served/,
  "28-remote-html-image": /:10:4 <img> "https:\/\/example\.com\/track\.gif" is remote/,
  "29-deep-list": /:10 nesting deeper than 64 levels/,
  "30-deep-quote": /:10 nesting deeper than 64 levels/,
  "31-deep-tags": /:10 nesting deeper than 64 levels/,
  "32-deep-emphasis": /:10 more than 1000 emphasis markers \(\* or _\) and \[ in one paragraph/,
  "33-huge": /:1 the lesson is \d+ KB; a lesson file may be at most 512 KB/,
};

let workdir: string;
let content: string;
let out: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[]): Run {
  const result = spawnSync(TSX, [script, ...args], {
    env: { ...process.env, SESSION_SECRET: SECRET, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const errorLines = (output: string) => output.split("\n").filter((line) => line.startsWith("error "));

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

/** Every case reported as an error at its file:line, and nothing passes silently. */
function expectEveryCaseRefused(output: string) {
  const errors = errorLines(output);
  for (const [lesson, pattern] of Object.entries(EXPECTED)) {
    const lines = errors.filter((line) => line.includes(`/hostile/${lesson}/index.en.mdx:`));
    expect(
      lines.some((line) => pattern.test(line)),
      `${lesson}:\n${lines.join("\n")}`,
    ).toBe(true);
  }
  expect(errors.filter((line) => line.includes("/40-good/index"))).toEqual([]);
}

beforeAll(() => {
  rmSync(WRITTEN, { force: true });
  workdir = mkdtempSync(path.join(os.tmpdir(), "hostile-content-"));
  content = path.join(workdir, "content");
  out = path.join(workdir, "out");
  cpSync(FIXTURE, content, { recursive: true });
  // A 5 MB lesson is generated here rather than kept in the repository.
  const huge = path.join(content, "courses/hostile/33-huge");
  cpSync(path.join(content, "courses/hostile/01-write-file"), huge, { recursive: true });
  writeFileSync(
    path.join(huge, "index.en.mdx"),
    `---\nid: hostile-huge\ntitle: Huge\nminutes: 5\nrequired: true\n---\n\n${"All work and no play. ".repeat(240_000)}\n`,
  );
  const courseFile = path.join(content, "courses/hostile/course.yml");
  writeFileSync(courseFile, readFileSync(courseFile, "utf8").replace("optional:", "  - 33-huge\noptional:"));
});

afterAll(() => {
  rmSync(workdir, { recursive: true, force: true });
  rmSync(WRITTEN, { force: true });
});

describe("hostile lessons", () => {
  it("are each refused by content:check with file:line, and nothing in them runs", () => {
    const result = run("scripts/content-check.ts", ["--root", content]);
    expect(result.status).toBe(1);
    expectEveryCaseRefused(result.stdout);
    expect(existsSync(WRITTEN)).toBe(false);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  }, 180_000);

  it("fail the build, cold and again with a warm cache, publishing nothing", () => {
    for (const round of ["cold", "warm"]) {
      const result = run("scripts/content-build.ts", ["--root", content, "--out", out]);
      expect(result.status, round).toBe(1);
      expectEveryCaseRefused(result.stdout);
      expect(result.stderr, round).toMatch(
        /content build failed: \d+ error\(s\) above; nothing was published/,
      );
      expect(existsSync(path.join(out, "content-manifest.json")), round).toBe(false);
      expect(existsSync(WRITTEN), round).toBe(false);
      expect(result.stdout + result.stderr, round).not.toContain(SECRET);
    }
    // Only the good lesson was compiled into the cache; no file written anywhere holds the secret.
    const cached = filesUnder(out);
    expect(cached).toHaveLength(1);
    for (const file of cached) expect(readFileSync(file, "utf8")).not.toContain(SECRET);
  }, 240_000);

  it("leave the good lesson among them publishable: GIFs, allowed HTML and literal props", () => {
    rmSync(path.join(content, "courses/hostile"), { recursive: true });
    cpSync(path.join(FIXTURE, "courses/hostile/40-good"), path.join(content, "courses/hostile/40-good"), {
      recursive: true,
    });
    writeFileSync(
      path.join(content, "courses/hostile/course.yml"),
      readFileSync(path.join(FIXTURE, "courses/hostile/course.yml"), "utf8").replace(
        /lessons:\n(?: {2}- .*\n)+/,
        "lessons:\n  - 40-good\n",
      ),
    );
    const result = run("scripts/content-build.ts", ["--root", content, "--out", out]);
    expect(errorLines(result.stdout)).toEqual([]);
    expect(result.status).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, "content-manifest.json"), "utf8"));
    const key = manifest.keys["hostile/40-good/en"];
    const lesson = JSON.parse(readFileSync(path.join(out, "cache", `${key}.json`), "utf8"));
    expect(lesson.html).toMatch(
      /<img src="\/lesson-assets\/hostile\/40-good\/anim\.gif\?v=[0-9a-f]{12}" alt="A blinking dot"\/>/,
    );
    expect(lesson.html).toContain("H<sub>2</sub>O");
    expect(lesson.html).toContain('<a href="https://example.com/">safe link</a>');
    expect(lesson.html).toContain("<details><summary>More</summary>");
    expect(lesson.answerKey[0].questions[0]).toMatchObject({ type: "numeric", answer: -1.5 });
    expect(lesson.answerKey[0].questions[1]).toMatchObject({ type: "single", correct: [0] });
  }, 180_000);
});
