import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requirePermission } from "~/auth/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:users");
  return redirect("/admin/users");
}

// A UI route, not a resource route: a refused visitor gets the styled 403 page in their language, not raw JSON.
export default function AdminIndex() {
  return null;
}
