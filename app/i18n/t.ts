import { type Locale, contentLang } from "./locale";
import { type MessageKey, messages } from "./messages";

export type TParams = Record<string, string | number>;
export type TFunction = (key: MessageKey, params?: TParams) => string;

export function translate(locale: Locale, key: MessageKey, params?: TParams): string {
  const text: string = messages[key][contentLang(locale)];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function makeT(locale: Locale): TFunction {
  return (key, params) => translate(locale, key, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(messages, key);
}
