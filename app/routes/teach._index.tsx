import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { SearchForm } from "~/components/search-form";
import { getLocale } from "~/i18n/locale.server";
import { contentLang, formatNumber, formatPercent } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { staffCohortHome } from "~/models/teach-home.server";
import { summaryRulesJson } from "~/models/course-rules.server";
import { courseTitleOf } from "~/models/teaching.server";
import { listParams } from "~/utils/list-params";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "我的教学班 · My cohorts" }];

/** The viewer's cohorts (every cohort for an admin), active or archived, with their figures. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "cohort:teach");
  const locale = await getLocale(request, viewer);
  const { q, page, params } = listParams(request);
  const archived = params.get("show") === "archived";
  const home = staffCohortHome(getDb(), viewer, {
    archived,
    q,
    page,
    summaryRules: await summaryRulesJson(),
  });
  const titleOf = await courseTitleOf(contentLang(locale));
  return json(
    {
      ...home,
      archived,
      isAdmin: viewer.role === "admin",
      cohorts: home.cohorts.map((cohort) => ({ ...cohort, course: titleOf(cohort.courseId) })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function Teach() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const active = data.archived ? data.otherTotal : data.total;
  const archived = data.archived ? data.total : data.otherTotal;
  const tabClass = (on: boolean) =>
    `rounded-md px-3 py-1 text-sm ${on ? "bg-brand-700 text-white" : "text-brand-800 underline"}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 id="teach-title" className="text-2xl font-bold">
            {data.isAdmin ? t("teach.titleAdmin") : t("teach.title")}
          </h1>
          <p className="mt-2 text-slate-700">{active + archived > 0 ? t("teach.lead") : t("teach.none")}</p>
        </div>
        <Link to="/teach/new" className="btn-primary">
          {t("teach.new")}
        </Link>
      </div>
      <nav aria-label={t("teach.listsLabel")} className="flex gap-2">
        <Link
          to="/teach"
          className={tabClass(!data.archived)}
          aria-current={data.archived ? undefined : "page"}
        >
          {t("teach.tab.active", { n: formatNumber(locale, active) })}
        </Link>
        <Link
          to="/teach?show=archived"
          className={tabClass(data.archived)}
          aria-current={data.archived ? "page" : undefined}
        >
          {t("teach.tab.archived", { n: formatNumber(locale, archived) })}
        </Link>
      </nav>
      <SearchForm placeholder={t("teach.homeSearch")}>
        {data.archived ? <input type="hidden" name="show" value="archived" /> : null}
      </SearchForm>
      {data.archived && data.total === 0 ? <p>{t("teach.noneArchived")}</p> : null}
      <DataTable
        labelledBy="teach-title"
        headers={[
          t("teach.cohort"),
          t("teach.course"),
          t("teach.term"),
          t("teach.enrolled"),
          t("teach.avgProgress"),
          t("teach.inactive"),
        ]}
        empty={data.cohorts.length === 0}
      >
        {data.cohorts.map((cohort) => (
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
            <td>
              {cohort.progress === null ? t("teach.noProgress") : formatPercent(locale, cohort.progress)}
            </td>
            <td>{formatNumber(locale, cohort.inactive)}</td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={data.page} pages={data.pages} total={data.filtered} />
    </div>
  );
}
