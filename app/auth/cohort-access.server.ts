import { getDb } from "~db/client.server";
import { cohortForStaff } from "~/models/teaching.server";
import { idField } from "~/utils/forms.server";
import { requirePermission } from "./permissions.server";

const notFound = () => new Response(null, { status: 404 });

/**
 * Every loader and action of a cohort's workspace pages starts here: a signed-in
 * teacher or admin, then the cohort through the one scoping rule. A malformed
 * id, an unknown one and another teacher's cohort all answer the same 404.
 */
export async function requireStaffCohort(request: Request, rawId: string | undefined) {
  const viewer = await requirePermission(request, "cohort:teach");
  const parsed = idField.safeParse(rawId ?? "");
  if (!parsed.success) throw notFound();
  const cohort = cohortForStaff(getDb(), viewer, parsed.data);
  if (!cohort) throw notFound();
  return { viewer, cohort };
}
