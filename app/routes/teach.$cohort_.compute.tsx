import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
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
import { useLocale, useT } from "~/i18n/use-t";
import { requestSchema } from "~/models/compute-forms.server";
import { requestMinutes, requestsForCohort } from "~/models/grants.server";
import { listPools } from "~/models/pools.server";
import { taughtCohort } from "~/models/teaching.server";
import { actorOf } from "~/utils/actor.server";
import { idField, parseForm, readForm } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

const PRIVATE = { "Cache-Control": "private, no-store" };

/** The cohort, if the viewer teaches it; anything else is 404 (never "exists but not yours"). */
function cohortOf(teacherId: number, raw: string | undefined) {
  const parsed = idField.safeParse(raw ?? "");
  const cohort = parsed.success ? taughtCohort(getDb(), teacherId, parsed.data) : undefined;
  if (!cohort) throw new Response(null, { status: 404 });
  return cohort;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "cohort:teach");
  const cohort = cohortOf(viewer.id, params.cohort);
  const db = getDb();
  return json(
    {
      cohort: { id: cohort.id, name: cohort.name },
      pools: listPools(db, { activeOnly: true }),
      requests: requestsForCohort(db, cohort.id),
    },
    { headers: PRIVATE },
  );
}

type ActionData = { fieldErrors?: FieldErrors; values?: Record<string, string>; sent?: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "cohort:teach");
  const cohort = cohortOf(viewer.id, params.cohort);
  const parsed = parseForm(await readForm(request), requestSchema());
  if (!parsed.ok)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const row = requestMinutes(
    getDb(),
    { ...actorOf(viewer, context), id: viewer.id },
    { ...parsed.data, cohortId: cohort.id },
  );
  if (row === undefined) throw new Response(null, { status: 404 });
  if (row === null) {
    return json<ActionData>(
      { fieldErrors: { poolId: { key: "batches.poolRetired" } }, values: parsed.values },
      { status: 400 },
    );
  }
  return json<ActionData>({ sent: true });
}

export default function CohortCompute() {
  const t = useT();
  const locale = useLocale();
  const { cohort, pools, requests } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const formKey = useFreshFormKey(result, Boolean(result?.sent));
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/teach/${cohort.id}`} className="link">
          {cohort.name}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("requests.title")}</h1>
      {result?.sent ? <Notice tone="success">{t("requests.sent")}</Notice> : null}
      <section className="card" aria-labelledby="request-form">
        <h2 id="request-form" className="sr-only">
          {t("requests.title")}
        </h2>
        <Form method="post" className="grid gap-4 sm:grid-cols-2" noValidate key={formKey}>
          <SelectField
            label={t("batches.pool")}
            name="poolId"
            defaultValue={result?.values?.poolId}
            errors={result?.fieldErrors}
          >
            {pools.map((p) => (
              <option key={p.id} value={p.id}>
                {locale === "en" ? p.nameEn : p.nameZh}
              </option>
            ))}
          </SelectField>
          <Field
            label={t("grants.minutes")}
            name="minutes"
            inputMode="numeric"
            required
            defaultValue={result?.values?.minutes}
            errors={result?.fieldErrors}
          />
          <div className="sm:col-span-2">
            <Field
              label={t("requests.reason")}
              name="reason"
              required
              maxLength={500}
              defaultValue={result?.values?.reason}
              errors={result?.fieldErrors}
            />
          </div>
          <div className="sm:col-span-2">
            <PendingButton pendingLabel={t("requests.sending")}>{t("requests.send")}</PendingButton>
          </div>
        </Form>
      </section>
      <section aria-labelledby="request-history" className="space-y-4">
        <h2 id="request-history" className="text-lg font-semibold">
          {t("requests.history")}
        </h2>
        <DataTable
          labelledBy="request-history"
          headers={[
            t("compute.when"),
            t("batches.pool"),
            t("grants.minutes"),
            t("requests.reason"),
            t("requests.status"),
          ]}
          empty={requests.length === 0}
        >
          {requests.map((r) => (
            <tr key={r.id} data-request-status={r.status}>
              <td>{formatDateTime(locale, new Date(r.createdAt))}</td>
              <td>{locale === "en" ? r.nameEn : r.nameZh}</td>
              <td>{r.minutes.toLocaleString(locale)}</td>
              <td>{r.reason}</td>
              <td>
                {t(`requests.status.${r.status}`)}
                {r.decisionReason ? (
                  <span className="block text-sm text-slate-600">{r.decisionReason}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
