import { json, redirect } from "@remix-run/node";
import { type Permission, ROLE_NAMES, type RoleName, can } from "./permissions";
import { type Viewer, getViewer } from "./session.server";

export interface Requirement {
  role?: RoleName;
  permission?: Permission;
}

/**
 * What a 403 carries: who may open the page, so the error page can say so in
 * the viewer's language. Never the internal permission id.
 */
export interface ForbiddenData {
  forbidden: true;
  roles: RoleName[];
}

const forbidden = (roles: RoleName[]) => json<ForbiddenData>({ forbidden: true, roles }, { status: 403 });

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  const target = back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`;
  return redirect(target, { status: 302 });
}

/**
 * Every loader and action that needs a user calls this. No user: 302 to sign-in
 * (401 for non-GET so a form post never silently turns into a page load).
 * Wrong role or missing permission: 403 that says which roles may open it.
 */
export async function requireUser(request: Request, need: Requirement = {}): Promise<Viewer> {
  const viewer = await getViewer(request);
  if (!viewer) {
    if (request.method === "GET" || request.method === "HEAD") throw loginRedirect(request);
    throw json({ unauthorized: true }, { status: 401 });
  }
  if (need.role && viewer.role !== need.role) throw forbidden([need.role]);
  const { permission } = need;
  if (permission && !can(viewer.role, permission)) {
    throw forbidden(ROLE_NAMES.filter((role) => can(role, permission)));
  }
  return viewer;
}

export function requirePermission(request: Request, permission: Permission) {
  return requireUser(request, { permission });
}
