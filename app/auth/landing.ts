import type { RoleName } from "./permissions";

/** Where a user lands after signing in when no (safe) redirectTo was given. */
export function landingPath(role: RoleName): string {
  return role === "admin" ? "/admin/users" : "/courses";
}
