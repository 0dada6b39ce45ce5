import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { Pagination } from "~/components/pagination";
import { DataTable } from "~/components/data-table";
import { formatDateTime } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { listAuditActions, listAuditEvents } from "~/models/audit.server";
import { listParams } from "~/utils/actor.server";
import { normaliseEmail } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:audit");
  const { params, page } = listParams(request);
  const actor = normaliseEmail(params.get("actor") ?? "").slice(0, 254);
  const action = (params.get("action") ?? "").slice(0, 100);
  const db = getDb();
  return json({
    ...listAuditEvents(db, { actorEmail: actor || undefined, action: action || undefined, page }),
    actions: listAuditActions(db),
  });
}

function Change({ value }: { value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <pre className="max-w-xs overflow-x-auto whitespace-pre-wrap break-all text-xs">
      {JSON.stringify(value, null, 1)}
    </pre>
  );
}

export default function AdminAudit() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "loading";
  return (
    <section className="space-y-4" aria-labelledby="audit-title">
      <h2 id="audit-title" className="text-lg font-semibold">
        {t("admin.audit")}
      </h2>
      <Form method="get" role="search" className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="audit-actor" className="label">
            {t("audit.actor")}
          </label>
          <input
            id="audit-actor"
            name="actor"
            type="search"
            defaultValue={params.get("actor") ?? ""}
            placeholder={t("audit.actorPlaceholder")}
            className="input"
          />
        </div>
        <div>
          <label htmlFor="audit-action" className="label">
            {t("audit.action")}
          </label>
          <select id="audit-action" name="action" defaultValue={params.get("action") ?? ""} className="input">
            <option value="">{t("audit.allActions")}</option>
            {data.actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn-secondary" disabled={busy} aria-busy={busy}>
          {busy ? t("common.searching") : t("common.search")}
        </button>
      </Form>
      <DataTable
        labelledBy="audit-title"
        headers={[
          t("audit.time"),
          t("audit.actor"),
          t("audit.action"),
          t("audit.target"),
          t("audit.before"),
          t("audit.after"),
        ]}
        empty={data.rows.length === 0}
      >
        {data.rows.map((e) => (
          <tr key={e.id}>
            <td className="whitespace-nowrap">{formatDateTime(locale, new Date(e.createdAt))}</td>
            <td className="break-all">{e.actorEmail ?? e.actorLabel}</td>
            <td className="font-mono text-xs">{e.action}</td>
            <td className="font-mono text-xs">
              {e.targetType}
              {e.targetId ? ` #${e.targetId}` : ""}
            </td>
            <td>
              <Change value={e.before} />
            </td>
            <td>
              <Change value={e.after} />
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={data.page} pages={data.pages} total={data.total} />
    </section>
  );
}
