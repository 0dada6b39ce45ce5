import { createContext, useContext } from "react";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locale";
import { type TFunction, makeT } from "~/i18n/t";

/**
 * The language a lesson is being compiled in. These components run only at
 * compile time (renderToStaticMarkup), where there is no root loader to ask.
 */
export const StaticLocale = createContext<Locale>(DEFAULT_LOCALE);

export function useStaticLocale(): { locale: Locale; t: TFunction } {
  const locale = useContext(StaticLocale);
  return { locale, t: makeT(locale) };
}
