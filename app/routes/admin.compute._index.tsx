import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { PoolChart } from "~/components/compute-chart";
import { DataTable } from "~/components/data-table";
import { useLocale, useT } from "~/i18n/use-t";
import { byCohort, byUniversity, poolReport } from "~/models/compute-reports.server";
import { listBatches } from "~/models/vouchers.server";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:compute");
  const db = getDb();
  return json({
    pools: poolReport(db),
    universities: byUniversity(db),
    cohorts: byCohort(db),
    batches: listBatches(db, { page: 1 }).rows,
  });
}

function GroupTable({
  id,
  title,
  rows,
}: {
  id: string;
  title: string;
  rows: { label: string; credited: number; used: number }[];
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <DataTable
        labelledBy={id}
        headers={[t("reports.group"), t("reports.credited"), t("reports.used")]}
        empty={rows.length === 0}
      >
        {rows.map((r) => (
          <tr key={r.label}>
            <td>{r.label}</td>
            <td className="tabular-nums">{r.credited.toLocaleString(locale)}</td>
            <td className="tabular-nums">{r.used.toLocaleString(locale)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

export default function AdminComputeReport() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const n = (v: number) => v.toLocaleString(locale);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="mr-auto text-xl font-semibold">{t("reports.title")}</h2>
        <a href="/admin/compute/report.csv" className="btn-secondary" download>
          {t("reports.csv")}
        </a>
      </div>
      {data.pools.map(({ pool, months }) => {
        const name = locale === "en" ? pool.nameEn : pool.nameZh;
        const id = `pool-${pool.slug}`;
        return (
          <section
            key={pool.slug}
            aria-labelledby={id}
            className="card space-y-4"
            data-report-pool={pool.slug}
          >
            <h3 id={id} className="text-lg font-semibold">
              {name} <span className="font-mono text-sm text-slate-600">{pool.slug}</span>
            </h3>
            <PoolChart title={t("reports.chartTitle", { pool: name })} months={months} />
            <DataTable
              labelledBy={id}
              headers={[
                t("reports.month"),
                t("reports.capacity"),
                t("reports.issued"),
                t("reports.redeemed"),
                t("reports.used"),
              ]}
              empty={false}
            >
              {months.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td className="tabular-nums">{n(m.capacity)}</td>
                  <td className="tabular-nums">{n(m.issued)}</td>
                  <td className="tabular-nums">{n(m.redeemed)}</td>
                  <td className="tabular-nums">{n(m.used)}</td>
                </tr>
              ))}
            </DataTable>
          </section>
        );
      })}
      <GroupTable id="by-university" title={t("reports.byUniversity")} rows={data.universities} />
      <GroupTable id="top-cohorts" title={t("reports.topCohorts")} rows={data.cohorts} />
      <section aria-labelledby="report-batches" className="space-y-3">
        <h2 id="report-batches" className="text-lg font-semibold">
          {t("reports.batches")}
        </h2>
        <DataTable
          labelledBy="report-batches"
          headers={["#", t("batches.pool"), t("batches.purpose"), t("batches.redeemed")]}
          empty={data.batches.length === 0}
        >
          {data.batches.map((b) => (
            <tr key={b.id}>
              <td>{b.id}</td>
              <td className="font-mono">{b.poolSlug}</td>
              <td>{b.purpose}</td>
              <td>
                {t("batches.rate", {
                  redeemed: b.redeemed,
                  total: b.count,
                  percent: Math.round((b.redeemed * 100) / b.count),
                })}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
