import type { ActionFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { safeRedirect } from "~/auth/redirect";
import { getViewer } from "~/auth/session.server";
import { isLocale } from "~/i18n/locale";
import { localeCookie } from "~/i18n/locale.server";
import { getDb } from "~db/client.server";
import { setLocale } from "~/models/users.server";
import { readForm } from "~/utils/forms.server";

export function loader() {
  return redirect("/");
}

/** Switches the interface language: kept on the account when signed in, in a cookie always. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const locale = form.get("locale");
  if (!isLocale(locale)) return json({ error: "unsupported locale" }, { status: 400 });
  const viewer = await getViewer(request);
  if (viewer) setLocale(getDb(), viewer.id, locale);
  return redirect(safeRedirect(form.get("redirectTo"), "/"), {
    headers: { "Set-Cookie": await localeCookie.serialize(locale) },
  });
}
