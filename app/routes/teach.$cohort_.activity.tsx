import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PRIVATE, requireCohortWorkspace } from "~/auth/cohort-workspace.server";
import { BarChart } from "~/components/charts/bar-chart";
import { CohortViewHeader } from "~/components/cohort-view-header";
import { TIME_ZONE, formatNumber } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { weeklyActivity } from "~/models/cohort-activity.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "每周活跃 · Weekly activity" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort, course } = await requireCohortWorkspace(request, params);
  const weeks = weeklyActivity(getDb(), cohort);
  return json({ cohort, course: course.title, weeks }, { headers: PRIVATE });
}

export default function WeeklyActivity() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const { cohort, weeks } = data;
  // Week starts are calendar days: format them at noon in the program's zone so no offset moves the day.
  const dayFormat = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, month: "short", day: "numeric" });
  const fullFormat = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, dateStyle: "medium" });
  const at = (day: string) => new Date(`${day}T12:00:00+08:00`);
  const peak = weeks.reduce<(typeof weeks)[number] | undefined>(
    (best, week) => (!best || week.activeStudents > best.activeStudents ? week : best),
    undefined,
  );
  return (
    <div className="space-y-6">
      <CohortViewHeader
        cohortId={cohort.id}
        titleId="activity-title"
        title={t("activity.title", { cohort: cohort.name })}
        subtitle={t("insight.subtitle", {
          course: data.course,
          university: locale === "en" ? cohort.universityEn : cohort.universityZh,
          term: cohort.term,
        })}
      />
      <p className="text-slate-700">{t("activity.lead")}</p>
      {weeks.length === 0 || !peak ? (
        <p>{t("activity.noWeeks")}</p>
      ) : (
        <>
          <div className="card">
            <BarChart
              title={t("activity.chartTitle", { cohort: cohort.name })}
              description={t("activity.chartDesc", {
                count: weeks.length,
                peakWeek: fullFormat.format(at(peak.weekOf)),
                peak: peak.activeStudents,
              })}
              categories={weeks.map((week) => dayFormat.format(at(week.weekOf)))}
              series={[
                { label: t("activity.active"), values: weeks.map((week) => week.activeStudents) },
                { label: t("activity.completed"), values: weeks.map((week) => week.lessonsCompleted) },
              ]}
              formatValue={(value) => formatNumber(locale, value)}
            />
          </div>
          <section aria-labelledby="weeks-title" className="space-y-2">
            <h2 id="weeks-title" className="text-lg font-semibold">
              {t("activity.table")}
            </h2>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1) */}
            <section className="table-wrap" tabIndex={0} aria-labelledby="weeks-title">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("activity.week")}</th>
                    <th scope="col">{t("activity.active")}</th>
                    <th scope="col">{t("activity.completed")}</th>
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((week) => (
                    <tr key={week.weekOf}>
                      <th scope="row" className="text-left font-normal">
                        <time dateTime={week.weekOf}>{fullFormat.format(at(week.weekOf))}</time>
                      </th>
                      <td className="tabular-nums">{formatNumber(locale, week.activeStudents)}</td>
                      <td className="tabular-nums">{formatNumber(locale, week.lessonsCompleted)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </section>
        </>
      )}
    </div>
  );
}
