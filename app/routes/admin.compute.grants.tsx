import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { ConfirmForm } from "~/components/confirm-form";
import { DataTable } from "~/components/data-table";
import {
  Field,
  type FieldErrors,
  Notice,
  PendingButton,
  SelectField,
  useFreshFormKey,
} from "~/components/forms";
import { formatDateTime } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import { cohortChoices } from "~/models/batch-sheet.server";
import { grantSchemas } from "~/models/compute-forms.server";
import { type GrantResult, decideRequest, grantToCohort, pendingRequests } from "~/models/grants.server";
import { listPools } from "~/models/pools.server";
import { actorOf } from "~/utils/actor.server";
import { firstError, parseForm, readForm } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:compute");
  const db = getDb();
  return json({
    pools: listPools(db, { activeOnly: true }),
    cohorts: cohortChoices(db),
    pending: pendingRequests(db),
  });
}

type Message = { key: MessageKey; params?: Record<string, string | number> };
type ActionData = {
  intent: string;
  error?: Message;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  done?: Message;
};

function refusal(result: Exclude<GrantResult, { ok: true }>): { field: string; error: Message } {
  if (result.reason === "capacity")
    return { field: "minutes", error: { key: "batches.capacity", params: { over: result.overBy } } };
  const keys = {
    unknown_pool: ["poolId", "pools.notFound"],
    pool_retired: ["poolId", "batches.poolRetired"],
    unknown_cohort: ["cohortId", "batches.unknownCohort"],
    past_expiry: ["expiresOn", "batches.pastExpiry"],
  } as const;
  const [field, key] = keys[result.reason];
  return { field, error: { key } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "admin:compute");
  const form = await readForm(request);
  const schema = grantSchemas();
  const chosen = parseForm(form, schema.intent);
  if (!chosen.ok) return json<ActionData>({ intent: "", error: firstError(chosen) }, { status: 400 });
  const { intent } = chosen.data;
  const db = getDb();
  const actor = actorOf(viewer, context);
  if (intent === "grant") {
    const parsed = parseForm(form, schema.grant);
    if (!parsed.ok)
      return json<ActionData>(
        { intent, fieldErrors: parsed.fieldErrors, values: parsed.values },
        { status: 400 },
      );
    const d = parsed.data;
    const result = grantToCohort(db, actor, {
      poolId: d.poolId,
      cohortId: d.cohortId,
      minutes: d.minutes,
      expiresAt: d.expiresOn,
      includeLaterJoinersUntil: d.laterUntil,
      purpose: d.purpose,
    });
    if (!result.ok) {
      const { field, error } = refusal(result);
      return json<ActionData>(
        { intent, fieldErrors: { [field]: error }, values: parsed.values },
        { status: 400 },
      );
    }
    return json<ActionData>({
      intent,
      done: { key: "grants.done", params: { count: result.students, minutes: d.minutes } },
    });
  }
  const parsed = intent === "approve" ? parseForm(form, schema.approve) : parseForm(form, schema.decline);
  if (!parsed.ok) return json<ActionData>({ intent, error: firstError(parsed) }, { status: 400 });
  const d = parsed.data;
  const result = decideRequest(db, actor, {
    id: d.id,
    approve: d.intent === "approve",
    reason: d.intent === "decline" ? d.reason : null,
    expiresAt: d.intent === "approve" ? d.expiresOn : null,
  });
  if (!result.ok) {
    if (result.reason === "grant")
      return json<ActionData>({ intent, error: refusal(result.grant).error }, { status: 400 });
    const key = result.reason === "decided" ? "grants.decided" : "batches.notFound";
    return json<ActionData>({ intent, error: { key } }, { status: result.reason === "decided" ? 409 : 404 });
  }
  return json<ActionData>({
    intent,
    done: { key: result.status === "approved" ? "grants.approved" : "grants.declined", params: { id: d.id } },
  });
}

export default function AdminComputeGrants() {
  const t = useT();
  const locale = useLocale();
  const { pools, cohorts, pending } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const mine = result?.intent === "grant" ? result : undefined;
  const formKey = useFreshFormKey(mine, Boolean(mine?.done));
  return (
    <div className="space-y-6">
      {result?.error ? <Notice tone="error">{t(result.error.key, result.error.params)}</Notice> : null}
      {result?.done ? <Notice tone="success">{t(result.done.key, result.done.params)}</Notice> : null}
      <section className="card" aria-labelledby="grant-form">
        <h2 id="grant-form" className="mb-4 text-lg font-semibold">
          {t("grants.new")}
        </h2>
        <Form method="post" className="grid gap-4 sm:grid-cols-2" noValidate key={formKey}>
          <input type="hidden" name="intent" value="grant" />
          <SelectField
            label={t("batches.pool")}
            name="poolId"
            defaultValue={mine?.values?.poolId}
            errors={mine?.fieldErrors}
          >
            {pools.map((p) => (
              <option key={p.id} value={p.id}>
                {p.slug} · {locale === "en" ? p.nameEn : p.nameZh}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t("grants.cohort")}
            name="cohortId"
            defaultValue={mine?.values?.cohortId}
            errors={mine?.fieldErrors}
          >
            {cohorts.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.term})
              </option>
            ))}
          </SelectField>
          <Field
            label={t("grants.minutes")}
            name="minutes"
            inputMode="numeric"
            required
            defaultValue={mine?.values?.minutes}
            errors={mine?.fieldErrors}
          />
          <Field
            label={t("batches.expiresOn")}
            name="expiresOn"
            type="date"
            required
            defaultValue={mine?.values?.expiresOn}
            errors={mine?.fieldErrors}
          />
          <Field
            label={t("grants.laterUntil")}
            name="laterUntil"
            type="date"
            defaultValue={mine?.values?.laterUntil}
            errors={mine?.fieldErrors}
          />
          <Field
            label={t("batches.purpose")}
            name="purpose"
            required
            maxLength={200}
            defaultValue={mine?.values?.purpose}
            errors={mine?.fieldErrors}
          />
          <div className="sm:col-span-2">
            <PendingButton pendingLabel={t("grants.granting")}>{t("grants.grant")}</PendingButton>
          </div>
        </Form>
      </section>
      <section aria-labelledby="pending" className="space-y-4">
        <h2 id="pending" className="text-lg font-semibold">
          {t("grants.pending")}
        </h2>
        <DataTable
          labelledBy="pending"
          headers={[
            "#",
            t("grants.cohort"),
            t("batches.pool"),
            t("grants.minutes"),
            t("requests.reason"),
            t("grants.requestedBy"),
            t("common.actions"),
          ]}
          empty={pending.length === 0}
        >
          {pending.map((r) => (
            <tr key={r.id}>
              <td>{r.id}</td>
              <td>
                {r.cohortName} ({r.cohortTerm})
              </td>
              <td className="font-mono">{r.slug}</td>
              <td>{r.minutes.toLocaleString(locale)}</td>
              <td>{r.reason}</td>
              <td>
                {r.teacherEmail}
                <span className="block text-sm text-slate-600">
                  {formatDateTime(locale, new Date(r.createdAt))}
                </span>
              </td>
              <td className="space-y-2">
                <Form method="post" className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="id" value={r.id} />
                  <label className="sr-only" htmlFor={`expires-${r.id}`}>
                    {t("batches.expiresOn")}
                  </label>
                  <input
                    id={`expires-${r.id}`}
                    name="expiresOn"
                    type="date"
                    required
                    className="input w-40"
                  />
                  <PendingButton className="link" pendingLabel={t("common.working")}>
                    {t("grants.approve")}
                  </PendingButton>
                </Form>
                <ConfirmForm
                  method="post"
                  className="flex flex-wrap items-end gap-2"
                  confirmText={`${t("grants.decline")} #${r.id}?`}
                >
                  <input type="hidden" name="intent" value="decline" />
                  <input type="hidden" name="id" value={r.id} />
                  <label className="sr-only" htmlFor={`decline-${r.id}`}>
                    {t("grants.declineReason")}
                  </label>
                  <input
                    id={`decline-${r.id}`}
                    name="reason"
                    required
                    maxLength={300}
                    className="input w-40"
                    placeholder={t("grants.declineReason")}
                  />
                  <PendingButton className="link" pendingLabel={t("common.working")}>
                    {t("grants.decline")}
                  </PendingButton>
                </ConfirmForm>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
