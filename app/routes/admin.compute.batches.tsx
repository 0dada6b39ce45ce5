import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { ConfirmForm } from "~/components/confirm-form";
import { DataTable } from "~/components/data-table";
import { Field, type FieldErrors, Notice, PendingButton, SelectField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { SearchForm } from "~/components/search-form";
import { formatDateTime } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import { codesCsv, cohortChoices, qrPath } from "~/models/batch-sheet.server";
import { batchSchemas } from "~/models/compute-forms.server";
import { listPools } from "~/models/pools.server";
import { clawBackBatch, issueBatch, listBatches, revokeBatch } from "~/models/vouchers.server";
import { actorOf } from "~/utils/actor.server";
import { firstError, parseForm, readForm } from "~/utils/forms.server";
import { listParams } from "~/utils/list-params";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:compute");
  const { q, page } = listParams(request);
  const db = getDb();
  return json({
    pools: listPools(db, { activeOnly: true }),
    cohorts: cohortChoices(db),
    ...listBatches(db, { q, page }),
  });
}

type ActionData = {
  intent: string;
  error?: { key: MessageKey; params?: Record<string, string | number> };
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  done?: { key: MessageKey; params: Record<string, string | number> };
  issued?: {
    batchId: number;
    pool: { slug: string; nameZh: string; nameEn: string };
    minutesEach: number;
    expiresAt: string;
    csv: string;
    codes: { code: string; qr: { size: number; d: string } }[];
  };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "admin:compute");
  const form = await readForm(request);
  const schema = batchSchemas();
  const chosen = parseForm(form, schema.intent);
  if (!chosen.ok) return json<ActionData>({ intent: "", error: firstError(chosen) }, { status: 400 });
  const { intent } = chosen.data;
  const db = getDb();
  const actor = actorOf(viewer, context);

  if (intent === "revoke") {
    const parsed = parseForm(form, schema.revoke);
    if (!parsed.ok) return json<ActionData>({ intent, error: firstError(parsed) }, { status: 400 });
    const result = revokeBatch(db, actor, parsed.data.id);
    if (!result.ok) return json<ActionData>({ intent, error: { key: "batches.notFound" } }, { status: 404 });
    return json<ActionData>({
      intent,
      done: { key: "batches.revokedDone", params: { id: parsed.data.id, count: result.killed } },
    });
  }
  if (intent === "clawback") {
    const parsed = parseForm(form, schema.clawback);
    if (!parsed.ok) return json<ActionData>({ intent, error: firstError(parsed) }, { status: 400 });
    const result = clawBackBatch(db, actor, parsed.data.id, parsed.data.reason);
    if (!result.ok) return json<ActionData>({ intent, error: { key: "batches.notFound" } }, { status: 404 });
    return json<ActionData>({
      intent,
      done: { key: "batches.clawbackDone", params: { minutes: result.minutes, accounts: result.accounts } },
    });
  }

  const parsed = parseForm(form, schema.issue);
  if (!parsed.ok) {
    return json<ActionData>(
      { intent, fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  }
  const d = parsed.data;
  const result = issueBatch(db, actor, {
    poolId: d.poolId,
    count: d.count,
    minutesEach: d.minutesEach,
    expiresAt: d.expiresOn,
    purpose: d.purpose,
    cohortId: d.cohortId,
  });
  if (!result.ok) {
    const refusal: Record<typeof result.reason, { field: string; key: MessageKey }> = {
      unknown_pool: { field: "poolId", key: "pools.notFound" },
      pool_retired: { field: "poolId", key: "batches.poolRetired" },
      past_expiry: { field: "expiresOn", key: "batches.pastExpiry" },
      unknown_cohort: { field: "cohortId", key: "batches.unknownCohort" },
      capacity: { field: "count", key: "batches.capacity" },
    };
    const { field, key } = refusal[result.reason];
    const params = result.reason === "capacity" ? { over: result.overBy } : undefined;
    return json<ActionData>(
      { intent, fieldErrors: { [field]: params ? { key, params } : { key } }, values: parsed.values },
      { status: 400 },
    );
  }
  return json<ActionData>(
    {
      intent,
      issued: {
        batchId: result.batchId,
        pool: { slug: result.pool.slug, nameZh: result.pool.nameZh, nameEn: result.pool.nameEn },
        minutesEach: result.minutesEach,
        expiresAt: result.expiresAt.toISOString(),
        csv: codesCsv(result),
        codes: result.codes.map((code) => ({ code, qr: qrPath(code) })),
      },
    },
    // The codes exist nowhere else: never let a cache keep this answer.
    { headers: { "Cache-Control": "no-store" } },
  );
}

function IssuedCodes({ issued }: { issued: NonNullable<ActionData["issued"]> }) {
  const t = useT();
  const locale = useLocale();
  const pool = locale === "en" ? issued.pool.nameEn : issued.pool.nameZh;
  const date = formatDateTime(locale, new Date(issued.expiresAt), "date");
  return (
    <section className="card space-y-4" aria-labelledby="issued-codes">
      <h2 id="issued-codes" className="text-lg font-semibold">
        {t("batches.sheetTitle")} #{issued.batchId}
      </h2>
      <Notice tone="success">{t("batches.issued", { count: issued.codes.length })}</Notice>
      <div className="flex flex-wrap gap-3 print:hidden">
        <a
          className="btn-primary"
          download={`vouchers-${issued.pool.slug}-${issued.batchId}.csv`}
          href={`data:text/csv;charset=utf-8,${encodeURIComponent(issued.csv)}`}
        >
          {t("batches.downloadCsv")}
        </a>
        <button type="button" className="btn-secondary" onClick={() => window.print()}>
          {t("batches.print")}
        </button>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={t("batches.sheetTitle")}>
        {issued.codes.map(({ code, qr }) => (
          <li
            key={code}
            className="flex items-center gap-3 rounded-md border border-slate-300 p-3 break-inside-avoid"
          >
            <svg
              viewBox={`-2 -2 ${qr.size + 4} ${qr.size + 4}`}
              width="96"
              height="96"
              role="img"
              aria-label={code}
              className="shrink-0 bg-white"
            >
              <path d={qr.d} fill="#000" />
            </svg>
            <div className="min-w-0 text-sm">
              <p className="font-mono font-semibold break-all" data-voucher-code>
                {code}
              </p>
              <p>{t("batches.sheetLine", { pool, minutes: issued.minutesEach, date })}</p>
              <p className="text-slate-600">{t("batches.sheetHow")}</p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function IssueForm({ result }: { result?: ActionData }) {
  const t = useT();
  const locale = useLocale();
  const { pools, cohorts } = useLoaderData<typeof loader>();
  const mine = result?.intent === "issue" ? result : undefined;
  const values = mine?.values;
  const errors = mine?.fieldErrors;
  return (
    <Form
      method="post"
      className="grid gap-4 sm:grid-cols-2"
      noValidate
      key={mine?.issued ? mine.issued.batchId : "form"}
    >
      <input type="hidden" name="intent" value="issue" />
      <SelectField label={t("batches.pool")} name="poolId" defaultValue={values?.poolId} errors={errors}>
        {pools.map((p) => (
          <option key={p.id} value={p.id}>
            {p.slug} · {locale === "en" ? p.nameEn : p.nameZh}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t("batches.cohort")}
        name="cohortId"
        defaultValue={values?.cohortId ?? ""}
        errors={errors}
      >
        <option value="">{t("batches.noCohort")}</option>
        {cohorts.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.term})
          </option>
        ))}
      </SelectField>
      <Field
        label={t("batches.count")}
        name="count"
        inputMode="numeric"
        required
        defaultValue={values?.count}
        errors={errors}
      />
      <Field
        label={t("batches.minutesEach")}
        name="minutesEach"
        inputMode="numeric"
        required
        defaultValue={values?.minutesEach}
        errors={errors}
      />
      <Field
        label={t("batches.expiresOn")}
        name="expiresOn"
        type="date"
        required
        defaultValue={values?.expiresOn}
        hint={t("batches.expiresHint")}
        errors={errors}
      />
      <Field
        label={t("batches.purpose")}
        name="purpose"
        required
        maxLength={200}
        defaultValue={values?.purpose}
        errors={errors}
      />
      <div className="sm:col-span-2">
        <PendingButton pendingLabel={t("batches.issuing")}>{t("batches.issue")}</PendingButton>
      </div>
    </Form>
  );
}

export default function AdminComputeBatches() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  return (
    <div className="space-y-6">
      {result?.error ? <Notice tone="error">{t(result.error.key, result.error.params)}</Notice> : null}
      {result?.done ? <Notice tone="success">{t(result.done.key, result.done.params)}</Notice> : null}
      {result?.issued ? <IssuedCodes issued={result.issued} /> : null}
      <section className="card print:hidden" aria-labelledby="issue-form">
        <h2 id="issue-form" className="mb-4 text-lg font-semibold">
          {t("batches.new")}
        </h2>
        <IssueForm result={result} />
      </section>
      <section aria-labelledby="batch-list" className="space-y-4 print:hidden">
        <h2 id="batch-list" className="text-lg font-semibold">
          {t("batches.list")}
        </h2>
        <SearchForm placeholder={t("batches.searchPlaceholder")} />
        <DataTable
          labelledBy="batch-list"
          headers={[
            "#",
            t("batches.pool"),
            t("batches.purpose"),
            t("batches.minutesEach"),
            t("batches.redeemed"),
            t("batches.expiresOn"),
            t("batches.issuedAt"),
            t("common.actions"),
          ]}
          empty={data.rows.length === 0}
        >
          {data.rows.map((b) => (
            <tr key={b.id}>
              <td>{b.id}</td>
              <td className="font-mono">{b.poolSlug}</td>
              <td>
                {b.purpose}
                {b.cohortName ? <span className="block text-slate-600">{b.cohortName}</span> : null}
              </td>
              <td>{b.minutesEach.toLocaleString(locale)}</td>
              <td>
                {t("batches.rate", {
                  redeemed: b.redeemed,
                  total: b.count,
                  percent: Math.round((b.redeemed * 100) / b.count),
                })}
              </td>
              <td>{formatDateTime(locale, new Date(b.expiresAt), "date")}</td>
              <td>{formatDateTime(locale, new Date(b.createdAt))}</td>
              <td className="space-y-2">
                {b.revokedAt ? (
                  <span>{t("batches.revoked")}</span>
                ) : (
                  <ConfirmForm method="post" confirmText={t("batches.revokeConfirm", { id: b.id })}>
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="id" value={b.id} />
                    <PendingButton className="link" pendingLabel={t("common.working")}>
                      {t("batches.revoke")}
                    </PendingButton>
                  </ConfirmForm>
                )}
                {b.redeemed > 0 ? (
                  <ConfirmForm
                    method="post"
                    className="flex flex-wrap items-end gap-2"
                    confirmText={t("batches.clawbackConfirm", { id: b.id })}
                  >
                    <input type="hidden" name="intent" value="clawback" />
                    <input type="hidden" name="id" value={b.id} />
                    <label className="sr-only" htmlFor={`reason-${b.id}`}>
                      {t("batches.clawbackReason")}
                    </label>
                    <input
                      id={`reason-${b.id}`}
                      name="reason"
                      className="input w-40"
                      required
                      maxLength={300}
                      placeholder={t("batches.clawbackReason")}
                    />
                    <PendingButton className="link" pendingLabel={t("common.working")}>
                      {t("batches.clawback")}
                    </PendingButton>
                  </ConfirmForm>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
        <Pagination page={data.page} pages={data.pages} total={data.total} />
      </section>
    </div>
  );
}
