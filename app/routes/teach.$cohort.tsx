import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/permissions.server";
import { ConfirmForm } from "~/components/confirm-form";
import { DataTable } from "~/components/data-table";
import { Notice, PendingButton } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { SearchForm } from "~/components/search-form";
import { getLocale } from "~/i18n/locale.server";
import { contentLang } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import { findEnrolment, issueStudentResetLink } from "~/models/enrolment.server";
import { cohortRoster, courseTitleOf, taughtCohort } from "~/models/teaching.server";
import { getUser } from "~/models/users.server";
import { actorOf } from "~/utils/actor.server";
import { firstError, idField, intentField, parseForm, readForm } from "~/utils/forms.server";
import { listParams } from "~/utils/list-params";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "学生名单 · Roster" }];

const PRIVATE = { "Cache-Control": "private, no-store" };

/** The cohort id from the path; anything but a plain positive number is as unknown as someone else's cohort. */
function cohortIdOf(raw: string | undefined): number {
  const parsed = idField.safeParse(raw ?? "");
  if (!parsed.success) throw new Response(null, { status: 404 });
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "cohort:teach");
  const cohortId = cohortIdOf(params.cohort);
  const locale = await getLocale(request, viewer);
  const { q, page } = listParams(request);
  const roster = cohortRoster(getDb(), { teacherId: viewer.id, cohortId, q, page });
  if (!roster) throw new Response(null, { status: 404 });
  const titleOf = await courseTitleOf(contentLang(locale));
  return json(
    {
      ...roster,
      course: titleOf(roster.cohort.courseId),
      rows: roster.rows.map((row) => ({ ...row, resettable: row.role === "student" })),
    },
    { headers: PRIVATE },
  );
}

type ActionData =
  | { ok: true; name: string; resetUrl: string }
  | { ok: false; error: { key: MessageKey; params?: Record<string, string | number> } };

/**
 * A one-time reset link for a student of this cohort, audited in the model.
 * Shown in this answer only: it is never stored in a form we can show again.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "cohort:teach");
  const cohortId = cohortIdOf(params.cohort);
  const db = getDb();
  if (!taughtCohort(db, viewer.id, cohortId)) throw new Response(null, { status: 404 });
  const parsed = parseForm(
    await readForm(request),
    z.object({ intent: intentField(["reset-link"]), userId: idField }),
  );
  if (!parsed.ok)
    return json<ActionData>({ ok: false, error: firstError(parsed) }, { status: 400, headers: PRIVATE });
  const { userId } = parsed.data;
  const refused = () =>
    json<ActionData>(
      { ok: false, error: { key: "teach.notYourStudent" } },
      { status: 404, headers: PRIVATE },
    );
  // This cohort's student, not merely anyone the teacher teaches elsewhere: the page acts on its own roster.
  if (!findEnrolment(db, userId, cohortId)) return refused();
  const token = issueStudentResetLink(db, { ...actorOf(viewer, context), id: viewer.id }, userId);
  if (!token) return refused();
  const name = getUser(db, userId)?.name ?? "";
  return json<ActionData>(
    { ok: true, name, resetUrl: new URL(`/reset/${token}`, request.url).toString() },
    { headers: PRIVATE },
  );
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

export default function Roster() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { cohort } = data;
  return (
    <div className="space-y-6">
      <p>
        <Link to="/teach" className="link">
          {t("teach.back")}
        </Link>
      </p>
      <div>
        <h1 id="roster-title" className="text-2xl font-bold">
          {t("teach.roster")}：{cohort.name}
        </h1>
        <p className="mt-1 text-slate-700">
          {data.course} · {locale === "en" ? cohort.universityEn : cohort.universityZh} · {cohort.term}
        </p>
        <Link to={`/teach/${cohort.id}/compute`} className="link mt-1 inline-block">
          {t("requests.link")}
        </Link>
      </div>
      {result?.ok ? <ResetLinkNotice name={result.name} url={result.resetUrl} /> : null}
      {result && !result.ok ? <Notice tone="error">{t(result.error.key, result.error.params)}</Notice> : null}
      <SearchForm placeholder={t("teach.searchPlaceholder")} />
      <DataTable
        labelledBy="roster-title"
        headers={[
          t("account.name"),
          t("account.email"),
          t("teach.studentNumber"),
          t("teach.status"),
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
            <td>
              {row.resettable ? (
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
              ) : (
                <span className="text-sm text-slate-600">{t("teach.staffLearner")}</span>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={data.page} pages={data.pages} total={data.total} />
    </div>
  );
}
