import { describe, expect, it } from "vitest";
import {
  type Locale,
  dateTimeFormat,
  formatDateTime,
  formatNumber,
  localeFromAcceptLanguage,
} from "./locale";
import { messages } from "./messages";
import { type MessageText, translate } from "./t";

/** Every form of a message: one string, or each plural form. */
const forms = (text: MessageText): string[] => (typeof text === "string" ? [text] : Object.values(text));

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
      for (const text of [...forms(entry.zh), ...forms(entry.en)]) expect(text.trim(), key).not.toBe("");
    }
  });

  it("uses the same placeholders in both languages and every plural form", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, entry] of Object.entries(
      messages as Record<string, { zh: MessageText; en: MessageText }>,
    )) {
      const expected = names(forms(entry.zh)[0] ?? "");
      for (const text of [...forms(entry.zh), ...forms(entry.en)]) expect(names(text), key).toEqual(expected);
    }
  });

  it("gives every English message with a {count} its singular form", () => {
    for (const [key, entry] of Object.entries(messages as Record<string, { en: MessageText }>)) {
      if (forms(entry.en).some((text) => text.includes("{count}"))) {
        expect(typeof entry.en === "object" && entry.en.one, key).toBeTruthy();
      }
    }
  });

  it("interpolates parameters", () => {
    expect(translate("en", "common.pageOf", { page: 2, pages: 5, total: 230 })).toBe(
      "Page 2 of 5, 230 in all",
    );
    expect(translate("zh-CN", "common.pageOf", { page: 2, pages: 5, total: 230 })).toBe(
      "第 2 / 5 页，共 230 条",
    );
  });

  it("chooses the plural form by count (Intl.PluralRules) and writes numbers for the locale", () => {
    expect(translate("en", "courses.lessonCount", { count: 1 })).toBe("1 lesson");
    expect(translate("en", "courses.lessonCount", { count: 0 })).toBe("0 lessons");
    expect(translate("en", "courses.lessonCount", { count: 6 })).toBe("6 lessons");
    expect(translate("en", "password.count", { count: 1 })).toBe("1 character");
    expect(translate("en", "password.count", { count: 1200 })).toBe("1,200 characters");
    expect(translate("en", "courses.hours", { count: 1 })).toBe("About 1 hour");
    expect(translate("en", "courses.hours", { count: 1.5 })).toBe("About 1.5 hours");
    // A count formatted beforehand still picks its form.
    expect(translate("en", "course.syllabusTotal", { count: "1", minutes: "1,005" })).toBe(
      "1 lesson, about 1,005 minutes in all",
    );
    expect(translate("zh-CN", "courses.lessonCount", { count: 1 })).toBe("1 节课");
    expect(translate("zh-CN", "password.count", { count: 1 })).toBe("已输入 1 个字符");
  });

  it("falls back to the general form for counts that are not numbers", () => {
    for (const count of ["", "abc", "1e400", Number.NaN, Number.POSITIVE_INFINITY])
      expect(translate("en", "courses.lessonCount", { count }), String(count)).toMatch(/ lessons$/);
    expect(translate("en", "courses.lessonCount")).toBe("{count} lessons");
  });
});

describe("dates", () => {
  it("are shown in Asia/Shanghai time", () => {
    const midnightUtc = Date.UTC(2026, 0, 1, 0, 0);
    expect(formatDateTime("en", midnightUtc)).toContain("8:00");
    expect(formatDateTime("zh-CN", midnightUtc, "date")).toBe("2026年1月1日");
  });

  it("reuse one formatter per locale and style, and never mix them up", () => {
    const midnightUtc = Date.UTC(2026, 0, 1, 0, 0);
    expect(dateTimeFormat("en")).toBe(dateTimeFormat("en", "datetime"));
    expect(dateTimeFormat("en", "date")).not.toBe(dateTimeFormat("en"));
    expect(dateTimeFormat("zh-CN", "date")).not.toBe(dateTimeFormat("en", "date"));
    // Alternating locales and styles after the cache is warm still gives each its own text.
    expect(formatDateTime("en", midnightUtc, "date")).toBe("Jan 1, 2026");
    expect(formatDateTime("zh-CN", midnightUtc, "date")).toBe("2026年1月1日");
    expect(formatDateTime("en", midnightUtc)).toContain("8:00");
    expect(formatNumber("en", 12345)).toBe("12,345");
    expect(formatNumber("zh-CN", 12345)).toBe("12,345");
    // Only the supported locales are kept: anything else is built afresh, so nothing grows.
    const stray = "de-DE" as Locale;
    expect(dateTimeFormat(stray)).not.toBe(dateTimeFormat(stray));
    expect(formatDateTime(stray, midnightUtc, "date")).toBe("01.01.2026");
  });
});
