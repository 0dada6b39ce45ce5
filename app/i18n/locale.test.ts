import { describe, expect, it } from "vitest";
import { formatDateTime, localeFromAcceptLanguage } from "./locale";
import { messages } from "./messages";
import { translate } from "./t";

describe("Accept-Language", () => {
  it("prefers the highest quality supported language", () => {
    expect(localeFromAcceptLanguage("en-US,en;q=0.9,zh-CN;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("fr;q=1, zh-TW;q=0.7, en;q=0.5")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("de, en;q=0")).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
  });
});

describe("message catalogue", () => {
  it("has non-empty text in both languages for every key", () => {
    for (const [key, entry] of Object.entries(messages)) {
      expect(entry.zh.trim(), key).not.toBe("");
      expect(entry.en.trim(), key).not.toBe("");
    }
  });

  it("uses the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, entry] of Object.entries(messages))
      expect(names(entry.zh), key).toEqual(names(entry.en));
  });

  it("interpolates parameters", () => {
    expect(translate("en", "common.pageOf", { page: 2, pages: 5, total: 230 })).toBe(
      "Page 2 of 5, 230 in all",
    );
    expect(translate("zh-CN", "common.pageOf", { page: 2, pages: 5, total: 230 })).toBe(
      "第 2 / 5 页，共 230 条",
    );
  });
});

describe("dates", () => {
  it("are shown in Asia/Shanghai time", () => {
    const midnightUtc = Date.UTC(2026, 0, 1, 0, 0);
    expect(formatDateTime("en", midnightUtc)).toContain("8:00");
    expect(formatDateTime("zh-CN", midnightUtc, "date")).toBe("2026年1月1日");
  });
});
