import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { PRIVATE, requireCohortWorkspace } from "~/auth/cohort-workspace.server";
import { CohortViewHeader } from "~/components/cohort-view-header";
import { Pagination } from "~/components/pagination";
import { StateLegend, matrixBodyHtml } from "~/components/progress-cells";
import { dateTimeFormat } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import {
  MAX_INACTIVE_DAYS,
  PROGRESS_FILTERS,
  PROGRESS_SORTS,
  parseProgressQuery,
} from "~/models/cohort-progress";
import { progressMatrix } from "~/models/cohort-progress.server";
import { summaryRulesJson } from "~/models/course-rules.server";
import { listParams } from "~/utils/list-params";
import { SEARCH_MAX } from "~/utils/limits";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "学习进度 · Progress" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort, course } = await requireCohortWorkspace(request, params);
  const list = listParams(request);
  const query = parseProgressQuery(list.params, list.q, list.page);
  const matrix = progressMatrix(getDb(), cohort.id, course.rules, await summaryRulesJson(), query);
  return json(
    {
      cohort,
      course: course.title,
      passMark: course.rules.passMark,
      lessons: course.lessons.map(({ id, title, required }) => ({ id, title, required })),
      query,
      total: matrix.total,
      page: matrix.page,
      pages: matrix.pages,
      counts: matrix.counts,
      // Only what the table shows: no emails or per-quiz detail in the page's data.
      rows: matrix.rows.map((row) => ({
        userId: row.userId,
        name: row.name,
        studentNumber: row.studentNumber,
        percent: row.percent,
        lastActivity: row.lastActivity,
        quizAverage: row.quizAverage,
        inactive: row.inactive,
        belowPassMark: row.belowPassMark,
        states: row.cells.map((cell) => cell.state[0]).join(""),
        scores: row.cells.map((cell) => cell.score),
      })),
    },
    { headers: PRIVATE },
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function FilterForm({ data }: { data: Data }) {
  const t = useT();
  const id = useId();
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location?.pathname.endsWith("/progress");
  const { query } = data;
  return (
    <Form method="get" className="card space-y-3" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {t("progress.filters")}
      </h2>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <div className="lg:col-span-2">
          <label htmlFor={`${id}-q`} className="label">
            {t("progress.search")}
          </label>
          <input
            id={`${id}-q`}
            type="search"
            name="q"
            defaultValue={query.q}
            placeholder={t("progress.searchPlaceholder")}
            maxLength={SEARCH_MAX}
            className="input"
          />
        </div>
        <div>
          <label htmlFor={`${id}-filter`} className="label">
            {t("progress.show")}
          </label>
          <select id={`${id}-filter`} name="filter" defaultValue={query.filter} className="input">
            {PROGRESS_FILTERS.map((filter) => (
              <option key={filter} value={filter}>
                {t(`progress.filter.${filter}`, { count: data.counts[filter] })}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-days`} className="label">
            {t("progress.inactiveDays")}
          </label>
          <input
            id={`${id}-days`}
            type="number"
            name="days"
            min={1}
            max={MAX_INACTIVE_DAYS}
            step={1}
            defaultValue={query.inactiveDays}
            aria-describedby={`${id}-days-hint`}
            className="input"
          />
        </div>
        <div className="flex gap-2">
          <div className="min-w-0 flex-1">
            <label htmlFor={`${id}-sort`} className="label">
              {t("progress.sort")}
            </label>
            <select id={`${id}-sort`} name="sort" defaultValue={query.sort} className="input">
              {PROGRESS_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {t(`progress.sort.${sort}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="min-w-0 flex-1">
            <label htmlFor={`${id}-dir`} className="label">
              {t("progress.dir")}
            </label>
            <select id={`${id}-dir`} name="dir" defaultValue={query.dir} className="input">
              <option value="asc">{t("progress.dir.asc")}</option>
              <option value="desc">{t("progress.dir.desc")}</option>
            </select>
          </div>
        </div>
      </div>
      <p id={`${id}-days-hint`} className="text-sm text-slate-600">
        {t("progress.inactiveHint", { passMark: data.passMark })}
      </p>
      <button type="submit" className="btn-primary" disabled={busy} aria-busy={busy}>
        {busy ? t("progress.applying") : t("progress.apply")}
      </button>
    </Form>
  );
}

function Matrix({ data }: { data: Data }) {
  const t = useT();
  const locale = useLocale();
  // Translated and formatters built once per page, not once per row or cell.
  const dates = dateTimeFormat(locale);
  const stateLabels = {
    complete: t("progress.state.complete"),
    started: t("progress.state.started"),
    "not-started": t("progress.state.not-started"),
  };
  const sortedBy = (sort: string) =>
    data.query.sort === sort ? (data.query.dir === "asc" ? "ascending" : "descending") : undefined;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
    <section className="table-wrap" aria-labelledby="matrix-caption" tabIndex={0} data-testid="matrix">
      <table className="table">
        <caption id="matrix-caption" className="px-3 py-2 text-left text-sm text-slate-700">
          {t("progress.tableCaption")}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="sticky left-0 z-10" aria-sort={sortedBy("name")}>
              {t("progress.student")}
            </th>
            <th scope="col" aria-sort={sortedBy("progress")}>
              {t("progress.percent")}
            </th>
            <th scope="col" aria-sort={sortedBy("activity")}>
              {t("progress.lastActivity")}
            </th>
            <th scope="col" aria-sort={sortedBy("quiz")}>
              {t("progress.quizAverage")}
            </th>
            <th scope="col">{t("progress.flags")}</th>
            {data.lessons.map((lesson, i) => (
              <th scope="col" key={lesson.id} title={lesson.title} className="text-center">
                <span aria-hidden="true">{i + 1}</span>
                <span className="sr-only">
                  {t("progress.lessonHeader", { n: i + 1, title: lesson.title })}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody
          // Built by matrixBodyHtml: every text escaped with escape-html.
          dangerouslySetInnerHTML={{
            __html: matrixBodyHtml(data.cohort.id, data.lessons.length, data.rows, {
              stateLabels,
              never: t("progress.never"),
              noScore: t("progress.noScore"),
              none: t("progress.none"),
              inactive: t("progress.flag.inactive", { days: data.query.inactiveDays }),
              belowPass: t("progress.flag.belowPass"),
              date: (value) => dates.format(value),
            }),
          }}
        />
      </table>
    </section>
  );
}

export default function CohortProgress() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const { cohort } = data;
  return (
    <div className="space-y-6">
      <CohortViewHeader
        cohortId={cohort.id}
        titleId="progress-title"
        title={t("progress.title", { cohort: cohort.name })}
        subtitle={t("insight.subtitle", {
          course: data.course,
          university: locale === "en" ? cohort.universityEn : cohort.universityZh,
          term: cohort.term,
        })}
      />
      <FilterForm data={data} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <StateLegend />
        <div className="flex flex-wrap gap-2">
          <a href={`/teach/${cohort.id}/progress.csv`} className="btn-secondary" download>
            {t("progress.exportProgress")}
          </a>
          <a href={`/teach/${cohort.id}/grades.csv`} className="btn-secondary" download>
            {t("progress.exportGrades")}
          </a>
        </div>
      </div>
      <Matrix data={data} />
      <Pagination page={data.page} pages={data.pages} total={data.total} />
      <details className="card text-sm">
        <summary className="cursor-pointer font-medium">{t("progress.lessonKey")}</summary>
        <ol className="mt-2 list-decimal space-y-1 pl-6">
          {data.lessons.map((lesson) => (
            <li key={lesson.id}>
              {lesson.title}
              {lesson.required ? "" : t("progress.optional")}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
