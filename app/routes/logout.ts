import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroySession, getViewer } from "~/auth/session.server";
import { localeCookie } from "~/i18n/locale.server";

// Signing out is a POST (a GET never changes state); a GET just goes home.
export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await getViewer(request);
  const headers = new Headers();
  headers.append("Set-Cookie", await destroySession(request));
  // The person's language outlives the session, instead of falling back to the browser's.
  if (viewer) headers.append("Set-Cookie", await localeCookie.serialize(viewer.locale));
  return redirect("/", { headers });
}
