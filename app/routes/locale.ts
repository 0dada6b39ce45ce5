import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { safeRedirect } from "~/auth/redirect";
import { getViewer } from "~/auth/session.server";
import { SUPPORTED_LOCALES } from "~/i18n/locale";
import { localeCookie } from "~/i18n/locale.server";
import { getDb } from "~db/client.server";
import { setLocale } from "~/models/users.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { z } from "zod";

export function loader() {
  return redirect("/");
}

/** Switches the interface language: kept on the account when signed in, in a cookie always. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = parseForm(
    await readForm(request),
    z.object({ locale: z.enum(SUPPORTED_LOCALES), redirectTo: z.string().optional() }),
  );
  if (!parsed.ok) return json({ error: "unsupported locale" }, { status: 400 });
  const { locale, redirectTo } = parsed.data;
  const viewer = await getViewer(request);
  if (viewer) setLocale(getDb(), viewer.id, locale);
  return redirect(safeRedirect(redirectTo, "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}
