import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffCohort } from "~/auth/cohort-access.server";
import { getLocale } from "~/i18n/locale.server";
import { formatDateTime } from "~/i18n/locale";
import { makeT } from "~/i18n/t";
import { rosterForExport } from "~/models/roster.server";
import { requiredLessonsJson } from "~/models/teaching.server";
import { csvResponse, toCsv } from "~/utils/csv.server";
import { getDb } from "~db/client.server";

/** The whole roster as CSV in the viewer's language (Excel-ready: BOM, formulas neutralised). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, cohort } = await requireStaffCohort(request, params.cohort);
  const locale = await getLocale(request, viewer);
  const t = makeT(locale);
  const { rows, required } = rosterForExport(getDb(), cohort, await requiredLessonsJson());
  const when = (value: number | null) => (value === null ? "" : formatDateTime(locale, new Date(value)));
  const body = toCsv(
    [
      t("teach.studentNumber"),
      t("account.name"),
      t("account.email"),
      t("teach.status"),
      t("teach.sort.enrolled"),
      t("teach.sort.activity"),
      t("teach.csv.requiredDone"),
      t("teach.csv.progress"),
    ],
    rows.map((row) => [
      row.studentNumber,
      row.name,
      row.email,
      t(`teach.status.${row.status}`),
      when(row.enrolledAt),
      when(row.lastActivity),
      row.done,
      required > 0 ? Math.round((row.done / required) * 100) : null,
    ]),
  );
  return csvResponse(`roster-${cohort.id}.csv`, body);
}
