import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, type Locale } from "./locale";
import { type TFunction, makeT } from "./t";

interface RootData {
  locale: Locale;
}

/** The visitor's locale, from the root loader. */
export function useLocale(): Locale {
  const data = useRouteLoaderData<RootData>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

/** `const t = useT(); t("nav.home")` */
export function useT(): TFunction {
  const locale = useLocale();
  return useMemo(() => makeT(locale), [locale]);
}
