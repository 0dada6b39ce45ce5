import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requirePermission } from "~/auth/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:users");
  return redirect("/admin/users");
}
