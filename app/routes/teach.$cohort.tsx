import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireStaffCohort } from "~/auth/cohort-access.server";
import { CohortHeader } from "~/components/cohort-header";
import { ConfirmForm } from "~/components/confirm-form";
import { DataTable } from "~/components/data-table";
import { Notice, PendingButton } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { getLocale } from "~/i18n/locale.server";
import { contentLang, formatDateTime, formatNumber } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import { displayJoinCode, seatsTaken } from "~/models/cohorts.server";
import { issueStudentResetLink } from "~/models/enrolment.server";
import { changeEnrolment, learnerName, rosterPage } from "~/models/roster.server";
import { ROSTER_SORTS, rosterSortOf } from "~/models/roster-sort";
import { courseTitleOf, requiredLessonsJson } from "~/models/teaching.server";
import { actorOf } from "~/utils/actor.server";
import { firstError, idField, intentField, parseForm, readForm } from "~/utils/forms.server";
import { SEARCH_MAX } from "~/utils/limits";
import { listParams } from "~/utils/list-params";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "学生名单 · Roster" }];

const PRIVATE = { "Cache-Control": "private, no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, cohort } = await requireStaffCohort(request, params.cohort);
  const locale = await getLocale(request, viewer);
  const { q, page, params: search } = listParams(request);
  const sort = rosterSortOf(search.get("sort"));
  const dir = search.get("dir") === "desc" ? "desc" : "asc";
  const db = getDb();
  const roster = rosterPage(db, cohort, { q, page, sort, dir, requiredJson: await requiredLessonsJson() });
  const { joinCode, ...shown } = cohort;
  return json(
    {
      ...roster,
      cohort: { ...shown, joinCode: displayJoinCode(joinCode), seats: seatsTaken(db, cohort.id) },
      course: (await courseTitleOf(contentLang(locale)))(cohort.courseId),
      sort,
      dir,
      // Teachers hand reset links to their students; admins have the accounts page for that.
      canReset: viewer.role === "teacher",
    },
    { headers: PRIVATE },
  );
}

type ActionData =
  | { ok: true; intent: "reset-link"; name: string; resetUrl: string }
  | { ok: true; intent: "drop" | "restore"; name: string }
  | { ok: false; error: { key: MessageKey; params?: Record<string, string | number> } };

/**
 * A one-time reset link for a student of this cohort (shown in this answer
 * only), or dropping and restoring a learner; all audited in the models.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, cohort } = await requireStaffCohort(request, params.cohort);
  const db = getDb();
  const parsed = parseForm(
    await readForm(request),
    z.object({ intent: intentField(["reset-link", "drop", "restore"]), userId: idField }),
  );
  if (!parsed.ok)
    return json<ActionData>({ ok: false, error: firstError(parsed) }, { status: 400, headers: PRIVATE });
  const { userId, intent } = parsed.data;
  const refused = () =>
    json<ActionData>(
      { ok: false, error: { key: "teach.notYourStudent" } },
      { status: 404, headers: PRIVATE },
    );
  // This cohort's learner, not merely anyone the teacher teaches elsewhere: the page acts on its own roster.
  const name = learnerName(db, cohort.id, userId);
  if (name === undefined) return refused();
  const actor = actorOf(viewer, context);
  if (intent === "reset-link") {
    const token = issueStudentResetLink(db, { ...actor, id: viewer.id }, userId);
    if (!token) return refused();
    return json<ActionData>(
      { ok: true, intent, name, resetUrl: new URL(`/reset/${token}`, request.url).toString() },
      { headers: PRIVATE },
    );
  }
  if (!changeEnrolment(db, actor, { cohortId: cohort.id, userId, change: intent }))
    return json<ActionData>(
      { ok: false, error: { key: "teach.unchanged" } },
      { status: 409, headers: PRIVATE },
    );
  return json<ActionData>({ ok: true, intent, name }, { headers: PRIVATE });
}

function ResetLinkNotice({ name, url }: { name: string; url: string }) {
  const t = useT();
  return (
    <Notice tone="success">
      <p>{t("teach.resetReady", { name })}</p>
      <input
        readOnly
        value={url}
        aria-label={t("teach.resetReady", { name })}
        className="input mt-2 font-mono text-sm"
        data-testid="reset-url"
        onFocus={(event) => event.currentTarget.select()}
      />
    </Notice>
  );
}

function ActionNotice({ result }: { result: ActionData }) {
  const t = useT();
  if (!result.ok) return <Notice tone="error">{t(result.error.key, result.error.params)}</Notice>;
  if (result.intent === "reset-link") return <ResetLinkNotice name={result.name} url={result.resetUrl} />;
  return (
    <Notice tone="success">
      {t(result.intent === "drop" ? "teach.droppedDone" : "teach.restoredDone", { name: result.name })}
    </Notice>
  );
}

/** Search, sort and direction in one GET form, so the state lives in the URL and survives paging. */
function RosterControls({ sort, dir }: { sort: string; dir: string }) {
  const t = useT();
  const [params] = useSearchParams();
  return (
    <Form method="get" role="search" className="flex flex-wrap items-end gap-2">
      <div className="min-w-0 flex-1">
        <label htmlFor="roster-q" className="label">
          {t("common.search")}
        </label>
        <input
          id="roster-q"
          type="search"
          name="q"
          defaultValue={params.get("q") ?? ""}
          placeholder={t("teach.searchPlaceholder")}
          className="input"
          maxLength={SEARCH_MAX}
        />
      </div>
      <div>
        <label htmlFor="roster-sort" className="label">
          {t("teach.sortBy")}
        </label>
        <select id="roster-sort" name="sort" defaultValue={sort} className="input">
          {ROSTER_SORTS.map((key) => (
            <option key={key} value={key}>
              {t(`teach.sort.${key}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="roster-dir" className="label">
          {t("teach.direction")}
        </label>
        <select id="roster-dir" name="dir" defaultValue={dir} className="input">
          <option value="asc">{t("teach.dir.asc")}</option>
          <option value="desc">{t("teach.dir.desc")}</option>
        </select>
      </div>
      <button type="submit" className="btn-secondary">
        {t("common.search")}
      </button>
    </Form>
  );
}

export default function Roster() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { cohort } = data;
  const day = (value: number) => formatDateTime(locale, new Date(value), "date");
  return (
    <div className="space-y-6">
      <CohortHeader cohort={cohort} course={data.course} title={t("teach.roster")} titleId="roster-title" />
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <div className="card">
          <dt className="text-sm text-slate-600">{t("teach.overview.students")}</dt>
          <dd className="text-xl font-semibold">{formatNumber(locale, cohort.seats)}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-600">{t("teach.overview.capacity")}</dt>
          <dd className="text-xl font-semibold">
            {cohort.capacity === null ? t("teach.overview.unlimited") : formatNumber(locale, cohort.capacity)}
          </dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-600">{t("teach.overview.dates")}</dt>
          <dd>
            {cohort.startsOn} – {cohort.endsOn}
          </dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-600">{t("teach.overview.joinCode")}</dt>
          <dd className="font-mono text-lg">
            <Link to={`/teach/${cohort.id}/qr`} className="link">
              {cohort.joinCode}
            </Link>
          </dd>
        </div>
      </dl>
      <p className="flex flex-wrap gap-3">
        <Link to={`/teach/${cohort.id}/import`} className="btn-secondary">
          {t("teach.importRoster")}
        </Link>
        <a href={`/teach/${cohort.id}/roster.csv`} className="btn-secondary" download>
          {t("teach.exportRoster")}
        </a>
      </p>
      {result ? <ActionNotice result={result} /> : null}
      <RosterControls sort={data.sort} dir={data.dir} />
      <DataTable
        labelledBy="roster-title"
        headers={[
          t("account.name"),
          t("account.email"),
          t("teach.studentNumber"),
          t("teach.status"),
          t("teach.sort.enrolled"),
          t("teach.sort.activity"),
          t("teach.sort.progress"),
          t("teach.actions"),
        ]}
        empty={data.rows.length === 0}
      >
        {data.rows.map((row) => (
          <tr key={row.userId}>
            <td>{row.name}</td>
            <td className="break-all">{row.email}</td>
            <td>{row.studentNumber ?? ""}</td>
            <td>{t(`teach.status.${row.status}`)}</td>
            <td>{day(row.enrolledAt)}</td>
            <td>{row.lastActivity === null ? t("teach.never") : day(row.lastActivity)}</td>
            <td>{t("teach.progressOf", { done: row.done, total: data.required })}</td>
            <td>
              <div className="flex flex-wrap gap-2">
                {data.canReset && row.role === "student" && row.status !== "dropped" ? (
                  <ConfirmForm method="post" confirmText={t("teach.confirmReset", { name: row.name })}>
                    <input type="hidden" name="userId" value={row.userId} />
                    <PendingButton
                      name="intent"
                      value="reset-link"
                      className="btn-secondary px-3 py-1"
                      aria-label={t("teach.resetLinkFor", { name: row.name })}
                      pendingLabel={t("common.working")}
                    >
                      {t("teach.resetLink")}
                    </PendingButton>
                  </ConfirmForm>
                ) : null}
                {row.role !== "student" ? (
                  <span className="text-sm text-slate-600">{t("teach.staffLearner")}</span>
                ) : null}
                {row.status === "dropped" ? (
                  <Form method="post">
                    <input type="hidden" name="userId" value={row.userId} />
                    <PendingButton
                      name="intent"
                      value="restore"
                      className="btn-secondary px-3 py-1"
                      aria-label={t("teach.restoreFor", { name: row.name })}
                      pendingLabel={t("common.working")}
                    >
                      {t("teach.restore")}
                    </PendingButton>
                  </Form>
                ) : (
                  <ConfirmForm method="post" confirmText={t("teach.confirmDrop", { name: row.name })}>
                    <input type="hidden" name="userId" value={row.userId} />
                    <PendingButton
                      name="intent"
                      value="drop"
                      className="btn-secondary px-3 py-1"
                      aria-label={t("teach.dropFor", { name: row.name })}
                      pendingLabel={t("common.working")}
                    >
                      {t("teach.drop")}
                    </PendingButton>
                  </ConfirmForm>
                )}
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={data.page} pages={data.pages} total={data.total} />
    </div>
  );
}
