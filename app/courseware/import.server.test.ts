import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importCurriculum } from "./import.server";

let dir: string;
let source: string;
let content: string;

function write(file: string, text: string | Buffer) {
  mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
  writeFileSync(path.join(source, file), text);
}

const run = (linksFile?: string) =>
  importCurriculum({ source, contentRoot: content, course: "demo", ...(linksFile ? { linksFile } : {}) });

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "import-"));
  source = path.join(dir, "src");
  content = path.join(dir, "content");
  write(
    "01-First/README.md",
    '# First lesson\n\nSee [the next one](../02-Second/README.md#top), [the notebook](notebook.ipynb) and\n\n![A chart](images/My%20Chart.png)\n\n![remote](https://example.org/x.png)\n\n<img src="images/My Chart.png" alt="again">\n',
  );
  write("01-First/images/My Chart.png", Buffer.from("png"));
  write("01-First/translations/README.ZH-cn.md", "# 第一课\n\n![图](../images/My Chart.png)\n");
  write("02-Second/README.md", "# Second\n\nBack to [first](../01-First).\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("content:import", () => {
  it("maps titles, ids, images and links, and leaves a missing translation missing", async () => {
    writeFileSync(path.join(dir, "links.yml"), "base: https://example.org/repo/blob/main\n");
    const result = await run(path.join(dir, "links.yml"));
    const first = readFileSync(path.join(content, "courses/demo/01-first/index.en.md"), "utf8");
    expect(first).toBe(
      '---\nid: demo-01-first\ntitle: First lesson\nminutes: 10\nrequired: true\n---\n\nSee [the next one](../02-second#top), [the notebook](https://example.org/repo/blob/main/01-First/notebook.ipynb) and\n\n![A chart](./my-chart.png)\n\n[remote](https://example.org/x.png)\n\n<img src="./my-chart.png" alt="again">\n',
    );
    expect(readFileSync(path.join(content, "courses/demo/01-first/index.zh.md"), "utf8")).toContain(
      "title: 第一课\n",
    );
    expect(readFileSync(path.join(content, "courses/demo/01-first/my-chart.png"), "utf8")).toBe("png");
    expect(existsSync(path.join(content, "courses/demo/02-second/index.zh.md"))).toBe(false);
    expect(result.remoteImages).toEqual([
      expect.objectContaining({ line: 7, url: "https://example.org/x.png" }),
    ]);
    expect(result.problems.map((p) => `${p.severity} ${p.message}`)).toEqual([
      "warning no zh translation: left missing",
    ]);
    expect(readFileSync(path.join(content, "courses/demo/course.yml"), "utf8")).toContain(
      "lessons:\n  - 01-first\n  - 02-second\n",
    );
  });

  it("reports links it cannot map and images the source lacks, with file:line", async () => {
    write("02-Second/README.md", "# Second\n\n[data](data.csv)\n\n![gone](nothere.png)\n");
    const { problems } = await run();
    expect(
      problems
        .filter((p) => p.severity === "error")
        .map((p) => `${path.basename(p.file)}:${p.line} ${p.message}`),
    ).toEqual([
      'README.md:3 link "notebook.ipynb" needs a base URL: pass --links links.yml with base:',
      'README.md:3 link "data.csv" needs a base URL: pass --links links.yml with base:',
      'README.md:5 image "nothere.png" is not in the source: add it beside the lesson',
    ]);
  });

  it("refuses a links.yml that is not a base URL, at its line", async () => {
    writeFileSync(path.join(dir, "links.yml"), "base: javascript:alert(1)\n");
    const { problems } = await run(path.join(dir, "links.yml"));
    expect(problems[0]).toMatchObject({ severity: "error", line: 1, file: path.join(dir, "links.yml") });
  });

  it("writes nothing the second time over the same source", async () => {
    await run();
    const again = await run();
    expect(again.written).toEqual([]);
  });
});
