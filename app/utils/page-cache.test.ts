import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import {
  cachePage,
  getCachedPage,
  inlineScriptHashes,
  pageCacheKey,
  pickEncoding,
  withDoctype,
} from "./page-cache.server";

const page = `<!DOCTYPE html><html><head><script src="/build/a.js"></script></head><body><p>${"lesson ".repeat(500)}</p><script>window.__remixContext = {"a":1};</script><script type="module">import "/build/b.js";</script></body></html>`;

describe("page cache", () => {
  it("hashes exactly the inline scripts, as CSP computes them", () => {
    const expected = ['window.__remixContext = {"a":1};', 'import "/build/b.js";'].map(
      (body) => `'sha256-${createHash("sha256").update(body).digest("base64")}'`,
    );
    expect(inlineScriptHashes(page)).toEqual(expected);
  });

  it("stores every page as a standards-mode document: renderToString leaves out the doctype", () => {
    const bare = page.replace("<!DOCTYPE html>", "");
    const key = pageCacheKey(new URL("http://localhost/bare"), "{}");
    const stored = cachePage(key, bare, () => "");
    expect(stored.html.toString()).toBe(`<!DOCTYPE html>${bare}`);
    expect(withDoctype(page)).toBe(page);
    expect(withDoctype("<!doctype html><html></html>")).toBe("<!doctype html><html></html>");
  });

  it("keys by URL and the whole server hand-off, so different data never shares a page", () => {
    const url = new URL("http://localhost/courses/a/b");
    expect(pageCacheKey(url, '{"role":"student"}')).not.toBe(pageCacheKey(url, '{"role":"admin"}'));
    expect(pageCacheKey(new URL("http://localhost/courses/a/b?x=1"), "{}")).not.toBe(pageCacheKey(url, "{}"));
  });

  it("stores a page once, with its policy, and compresses it off the request path", async () => {
    const key = pageCacheKey(new URL("http://localhost/p"), "{}");
    const stored = cachePage(key, page, (hashes) => `script-src 'self' ${hashes.join(" ")}`);
    expect(getCachedPage(key)).toBe(stored);
    expect(stored.csp).toContain("'sha256-");
    expect(stored.etag).toMatch(/^W\/"[\w-]{27}"$/);
    expect(pickEncoding(stored, "gzip, br").encoding).toBeUndefined();
    // Polled, not slept: compression finishes when it finishes.
    await vi.waitFor(() => expect(pickEncoding(stored, "gzip, deflate, br").encoding).toBe("br"));
    const gz = pickEncoding(stored, "gzip");
    expect(gz.encoding).toBe("gzip");
    expect(gunzipSync(gz.body).toString()).toBe(page);
    expect(pickEncoding(stored, "br;q=0, gzip;q=0").encoding).toBeUndefined();
    expect(pickEncoding(stored, null).body.toString()).toBe(page);
  });
});
