import { type Locale, contentLang } from "./locale";
import { type MessageKey, messages } from "./messages";

export type TParams = Record<string, string | number>;
export type TFunction = (key: MessageKey, params?: TParams) => string;

/**
 * A message that depends on a number, by the CLDR plural category of its
 * `count` parameter: English needs `one` and `other`; Chinese has only `other`.
 */
export interface PluralText {
  one?: string;
  other: string;
}
export type MessageText = string | PluralText;

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function rulesFor(locale: Locale): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules;
}

function numberFormatFor(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format;
}

/** The form of a message for a count (a number, or a number already formatted with grouping). */
export function pluralForm(locale: Locale, text: MessageText, count: string | number | undefined): string {
  if (typeof text === "string") return text;
  const n = typeof count === "number" ? count : Number(String(count ?? "").replace(/[,\s]/g, ""));
  if (!Number.isFinite(n)) return text.other;
  const category = rulesFor(locale).select(n);
  return (category === "one" ? text.one : undefined) ?? text.other;
}

/** Numbers are written for the locale (grouping, decimal mark); strings go in as given. */
export function translate(locale: Locale, key: MessageKey, params?: TParams): string {
  const text = pluralForm(locale, messages[key][contentLang(locale)] as MessageText, params?.count);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    return typeof value === "number" ? numberFormatFor(locale).format(value) : String(value);
  });
}

export function makeT(locale: Locale): TFunction {
  return (key, params) => translate(locale, key, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(messages, key);
}
