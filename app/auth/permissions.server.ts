import { json, redirect } from "@remix-run/node";
import { type Permission, type RoleName, can } from "./permissions";
import { type Viewer, getViewer } from "./session.server";

export interface Requirement {
  role?: RoleName;
  permission?: Permission;
}

/** What a 403 carries so the error page can say what is missing. */
export interface ForbiddenData {
  forbidden: true;
  role?: RoleName;
  permission?: Permission;
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  const target = back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`;
  return redirect(target, { status: 302 });
}

/**
 * Every loader and action that needs a user calls this. No user: 302 to sign-in
 * (401 for non-GET so a form post never silently turns into a page load).
 * Wrong role or missing permission: 403 that names what is missing.
 */
export async function requireUser(request: Request, need: Requirement = {}): Promise<Viewer> {
  const viewer = await getViewer(request);
  if (!viewer) {
    if (request.method === "GET" || request.method === "HEAD") throw loginRedirect(request);
    throw json({ unauthorized: true }, { status: 401 });
  }
  if (need.role && viewer.role !== need.role) {
    throw json<ForbiddenData>({ forbidden: true, role: need.role }, { status: 403 });
  }
  if (need.permission && !can(viewer.role, need.permission)) {
    throw json<ForbiddenData>({ forbidden: true, permission: need.permission }, { status: 403 });
  }
  return viewer;
}

export function requirePermission(request: Request, permission: Permission) {
  return requireUser(request, { permission });
}
