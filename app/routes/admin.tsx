import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { useT } from "~/i18n/use-t";

// The layout's check only guards its own loader; every child route checks again.
// `/admin` itself is this layout (not a resource route), so a refusal there is a page, never raw JSON.
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:users");
  if (/^\/admin\/?$/.test(new URL(request.url).pathname)) return redirect("/admin/users");
  return null;
}

export default function AdminLayout() {
  const t = useT();
  const tab = ({ isActive }: { isActive: boolean }) =>
    `whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${isActive ? "bg-brand-700 text-white" : "text-slate-700 hover:bg-slate-200"}`;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-bold">{t("admin.title")}</h1>
        <nav aria-label={t("admin.title")} className="flex flex-wrap gap-1">
          <NavLink to="/admin/users" className={tab}>
            {t("admin.users")}
          </NavLink>
          <NavLink to="/admin/universities" className={tab}>
            {t("admin.universities")}
          </NavLink>
          <NavLink to="/admin/certificates" className={tab}>
            {t("admin.certificates")}
          </NavLink>
          <NavLink to="/admin/compute" end className={tab}>
            {t("admin.compute")}
          </NavLink>
          <NavLink to="/admin/compute/pools" className={tab}>
            {t("admin.computePools")}
          </NavLink>
          <NavLink to="/admin/compute/batches" className={tab}>
            {t("admin.computeBatches")}
          </NavLink>
          <NavLink to="/admin/compute/grants" className={tab}>
            {t("admin.computeGrants")}
          </NavLink>
          <NavLink to="/admin/audit" className={tab}>
            {t("admin.audit")}
          </NavLink>
        </nav>
      </div>
      <Outlet />
    </div>
  );
}
