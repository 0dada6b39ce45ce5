import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/permissions.server";
import { reportCsv } from "~/models/compute-reports.server";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:compute");
  return new Response(reportCsv(getDb()), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="compute-report.csv"',
      "Cache-Control": "private, no-store",
    },
  });
}
