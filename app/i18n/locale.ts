export const SUPPORTED_LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const TIME_ZONE = "Asia/Shanghai";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header (RFC 9110 q-values). */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, order };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { tag } of ranked) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh-CN";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return null;
}

/** The short language key used in content files (`index.zh.mdx`, `title.zh`). */
export function contentLang(locale: Locale): "zh" | "en" {
  return locale === "en" ? "en" : "zh";
}

// Building an Intl formatter costs far more than using one (a matrix page formats a date per row):
// one per locale and style, kept for the process. Bounded: only supported locales are kept.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

export function dateTimeFormat(locale: Locale, style: "date" | "datetime" = "datetime") {
  const key = `${locale} ${style}`;
  const known = dateTimeFormats.get(key);
  if (known) return known;
  const format = new Intl.DateTimeFormat(
    locale,
    style === "date"
      ? { timeZone: TIME_ZONE, dateStyle: "medium" }
      : { timeZone: TIME_ZONE, dateStyle: "medium", timeStyle: "short" },
  );
  if (isLocale(locale) && (style === "date" || style === "datetime")) dateTimeFormats.set(key, format);
  return format;
}

export function formatDateTime(
  locale: Locale,
  value: Date | number,
  style: "date" | "datetime" = "datetime",
) {
  return dateTimeFormat(locale, style).format(value);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(locale: Locale, value: number) {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    if (isLocale(locale)) numberFormats.set(locale, format);
  }
  return format.format(value);
}

const percentFormats = new Map<string, Intl.NumberFormat>();

/** A share (0..1) as a whole percentage in the locale's style: "50%". */
export function formatPercent(locale: Locale, share: number) {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
    if (isLocale(locale)) percentFormats.set(locale, format);
  }
  return format.format(share);
}
