import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { ChangeList, TargetLabel, useActionLabel } from "~/components/audit-entry";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { SearchForm } from "~/components/search-form";
import { formatDateTime } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { listAuditActions } from "~/models/audit.server";
import { auditPage } from "~/models/audit-view.server";
import { listParams } from "~/utils/list-params";
import { normaliseEmail } from "~/utils/text";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:audit");
  const { params, page, q } = listParams(request, "actor");
  const actor = normaliseEmail(q);
  const action = (params.get("action") ?? "").slice(0, 100);
  const db = getDb();
  return json({
    ...auditPage(db, { actorEmail: actor || undefined, action: action || undefined, page }),
    actions: listAuditActions(db),
  });
}

export default function AdminAudit() {
  const t = useT();
  const locale = useLocale();
  const actionLabel = useActionLabel();
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section className="space-y-4" aria-labelledby="audit-title">
      <h2 id="audit-title" className="text-lg font-semibold">
        {t("admin.audit")}
      </h2>
      <SearchForm name="actor" label={t("audit.actor")} placeholder={t("audit.actorPlaceholder")}>
        <div>
          <label htmlFor="audit-action" className="label">
            {t("audit.action")}
          </label>
          <select id="audit-action" name="action" defaultValue={params.get("action") ?? ""} className="input">
            <option value="">{t("audit.allActions")}</option>
            {data.actions.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </div>
      </SearchForm>
      <DataTable
        labelledBy="audit-title"
        headers={[
          t("audit.time"),
          t("audit.actor"),
          t("audit.action"),
          t("audit.target"),
          t("audit.changes"),
        ]}
        empty={data.rows.length === 0}
      >
        {data.rows.map((e) => (
          <tr key={e.id}>
            <td className="whitespace-nowrap">{formatDateTime(locale, new Date(e.createdAt))}</td>
            <td className="break-words">{e.actor}</td>
            <td>{actionLabel(e.action)}</td>
            <td className="min-w-[10rem]">
              <TargetLabel target={e.target} />
            </td>
            <td className="min-w-[14rem]">
              <ChangeList changes={e.changes} universities={data.universities} />
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={data.page} pages={data.pages} total={data.total} />
    </section>
  );
}
