import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetVersion, resolveLessonAsset } from "./assets.server";
import { type LessonAsset, SVG_POLICY, lessonAssetResponse } from "./lesson-assets.server";

let root: string;
let lesson: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "lesson-assets-"));
  lesson = path.join(root, "lesson");
  mkdirSync(lesson);
  mkdirSync(path.join(root, "other"));
  writeFileSync(path.join(root, "other", "secret.png"), "outside");
  writeFileSync(path.join(root, "outside.csv"), "a,b");
  writeFileSync(path.join(lesson, "dot.gif"), "GIF89a");
  writeFileSync(path.join(lesson, "notes.txt"), "text");
  symlinkSync(path.join(root, "other", "secret.png"), path.join(lesson, "linked.png"));
  symlinkSync(path.join(root, "outside.csv"), path.join(lesson, "linked.csv"));
  symlinkSync(path.join(root, "other"), path.join(lesson, "folder.png"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("resolving a lesson asset", () => {
  it("serves GIF as image/gif", () => {
    expect(resolveLessonAsset(lesson, "dot.gif")).toMatchObject({ ok: true, contentType: "image/gif" });
  });

  it("refuses symlinks that lead out of the lesson folder, to files or folders", () => {
    expect(resolveLessonAsset(lesson, "linked.png")).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/outside the lesson folder/),
    });
    expect(resolveLessonAsset(lesson, "linked.csv")).toMatchObject({ ok: false });
    expect(resolveLessonAsset(lesson, "folder.png")).toMatchObject({ ok: false });
  });

  it.each(["../other/secret.png", "..", ".hidden.png", "a/b.png", "notes.txt", "missing.png", "%2e%2e.png"])(
    "refuses %s",
    (name) => {
      expect(resolveLessonAsset(lesson, name).ok).toBe(false);
    },
  );
});

function asset(name: string, contentType: string, text = "bytes"): LessonAsset {
  const bytes = Buffer.from(text);
  return { name, contentType, bytes, version: assetVersion(bytes) };
}

const request = (query = "", headers: Record<string, string> = {}) =>
  new Request(`http://localhost/lesson-assets/c/l/x${query}`, { headers });

describe("serving a lesson asset", () => {
  it("sandboxes SVG so it can run nothing when opened on its own", () => {
    const response = lessonAssetResponse(request(), asset("chart.svg", "image/svg+xml", "<svg/>"));
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(response.headers.get("content-security-policy")).toBe(SVG_POLICY);
    expect(SVG_POLICY).toMatch(/\bsandbox\b/);
    expect(SVG_POLICY).toMatch(/default-src 'none'/);
    expect(response.headers.get("content-disposition")).toBeNull();
  });

  it("makes data files downloads, never pages", () => {
    const response = lessonAssetResponse(request(), asset("data.csv", "text/csv; charset=utf-8"));
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="data.csv"');
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("shows GIF inline with its type", async () => {
    const gif = asset("dot.gif", "image/gif", "GIF89a");
    const response = lessonAssetResponse(request(`?v=${gif.version}`), gif);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/gif");
    expect(response.headers.get("content-disposition")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(await response.text()).toBe("GIF89a");
  });

  it("answers 304 to a matching ETag and revalidates an unversioned URL", () => {
    const png = asset("a.png", "image/png");
    const fresh = lessonAssetResponse(request("?v=old"), png);
    expect(fresh.headers.get("cache-control")).toBe("private, no-cache");
    const again = lessonAssetResponse(request("", { "If-None-Match": `"${png.version}"` }), png);
    expect(again.status).toBe(304);
  });
});
