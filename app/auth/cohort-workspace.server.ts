import type { Params } from "@remix-run/react";
import { getLocale } from "~/i18n/locale.server";
import { contentLang } from "~/i18n/locale";
import { cohortWorkspace } from "~/models/cohort-workspace.server";
import { idField } from "~/utils/forms.server";
import { getDb } from "~db/client.server";
import { requirePermission } from "./permissions.server";

export const PRIVATE = { "Cache-Control": "private, no-store" };

const notFound = () => new Response(null, { status: 404 });

/** A positive id from the path, or 404: a malformed id is as unknown as someone else's. */
export function pathId(raw: string | undefined): number {
  const parsed = idField.safeParse(raw ?? "");
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/**
 * For every loader and action under /teach/:cohort/…: signed in with the
 * teaching permission, and a teacher of this cohort or an admin. Anything
 * else is 404, for pages, `?_data=` requests and exports alike.
 */
export async function requireCohortWorkspace(request: Request, params: Params) {
  const viewer = await requirePermission(request, "cohort:teach");
  const cohortId = pathId(params.cohort);
  const locale = await getLocale(request, viewer);
  const workspace = await cohortWorkspace(getDb(), viewer, cohortId, contentLang(locale));
  if (!workspace) throw notFound();
  return { viewer, locale, ...workspace };
}
