import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { DataTable } from "~/components/data-table";
import { getLocale } from "~/i18n/locale.server";
import { contentLang, formatNumber } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { courseTitleOf, teacherCohorts } from "~/models/teaching.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "我的教学班 · My cohorts" }];

/** The teacher's own cohorts only: no cohort of another teacher is ever listed. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "cohort:teach");
  const locale = await getLocale(request, viewer);
  const titleOf = await courseTitleOf(contentLang(locale));
  const cohorts = teacherCohorts(getDb(), viewer.id).map((cohort) => ({
    ...cohort,
    course: titleOf(cohort.courseId),
  }));
  return json({ cohorts }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function Teach() {
  const t = useT();
  const locale = useLocale();
  const { cohorts } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div>
        <h1 id="teach-title" className="text-2xl font-bold">
          {t("teach.title")}
        </h1>
        <p className="mt-2 text-slate-700">{cohorts.length ? t("teach.lead") : t("teach.none")}</p>
      </div>
      {cohorts.length ? (
        <DataTable
          labelledBy="teach-title"
          headers={[t("teach.cohort"), t("teach.course"), t("teach.term"), t("teach.enrolled")]}
          empty={false}
        >
          {cohorts.map((cohort) => (
            <tr key={cohort.id}>
              <td>
                <Link
                  to={`/teach/${cohort.id}`}
                  className="link"
                  aria-label={t("teach.openRoster", { cohort: cohort.name })}
                >
                  {cohort.name}
                </Link>
                <span className="block text-sm text-slate-600">
                  {locale === "en" ? cohort.universityEn : cohort.universityZh}
                </span>
              </td>
              <td>{cohort.course}</td>
              <td>{cohort.term}</td>
              <td>{formatNumber(locale, cohort.enrolled)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </div>
  );
}
