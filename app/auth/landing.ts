import { type RoleName, can } from "./permissions";

/** Where a user lands after signing in when no (safe) redirectTo was given. */
export function landingPath(role: RoleName): string {
  if (role === "admin") return "/admin/users";
  return can(role, "learn") ? "/dashboard" : "/courses";
}
