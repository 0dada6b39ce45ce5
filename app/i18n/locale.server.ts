import { createCookie } from "@remix-run/node";
import { type Viewer, getViewer } from "~/auth/session.server";
import { DEFAULT_LOCALE, type Locale, isLocale, localeFromAcceptLanguage } from "./locale";

/** A visitor's chosen language; not secret, so not signed, and validated on read. */
export const localeCookie = createCookie("ta_locale", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 60 * 60,
});

export async function localeFromCookie(request: Request): Promise<Locale | null> {
  const header = request.headers.get("Cookie");
  if (!header?.includes("ta_locale=")) return null;
  const value = await localeCookie.parse(header).catch(() => null);
  return isLocale(value) ? value : null;
}

/** Account setting first, then the visitor's cookie, then Accept-Language, then Chinese. */
export async function getLocale(request: Request, known?: Viewer | null): Promise<Locale> {
  const viewer = known === undefined ? await getViewer(request) : known;
  if (viewer) return viewer.locale;
  return (
    (await localeFromCookie(request)) ??
    localeFromAcceptLanguage(request.headers.get("Accept-Language")) ??
    DEFAULT_LOCALE
  );
}
