import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCohortWorkspace } from "~/auth/cohort-workspace.server";
import { makeT } from "~/i18n/t";
import { progressCsv } from "~/models/cohort-exports.server";
import { csvResponse } from "~/utils/csv.server";
import { getDb } from "~db/client.server";
import { summaryRulesJson } from "~/models/course-rules.server";

/** The whole cohort's progress as CSV (UTF-8 with BOM, formulas neutralised), whatever the page's filter. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, cohort, course } = await requireCohortWorkspace(request, params);
  const body = progressCsv(getDb(), {
    cohortId: cohort.id,
    rules: course.rules,
    summaryRules: await summaryRulesJson(),
    lessons: course.lessons,
    locale,
  });
  return csvResponse(makeT(locale)("export.progressFile", { cohort: cohort.name }), body);
}
