/** Roles mapped to permissions, in one place. Shared by server and UI (to show or hide navigation). */
export const ROLE_NAMES = ["student", "teacher", "admin"] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
/** The roles an admin (or the CLI) gives to accounts it creates; students join through their cohorts. */
export const STAFF_ROLES = ["teacher", "admin"] as const satisfies readonly RoleName[];

export const PERMISSIONS = [
  "course:read",
  "learn",
  "compute:use",
  "cohort:teach",
  "admin:universities",
  "admin:users",
  "admin:audit",
  "admin:compute",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<RoleName, readonly Permission[]> = {
  student: ["course:read", "learn", "compute:use"],
  teacher: ["course:read", "cohort:teach"],
  admin: ["course:read", "cohort:teach", "admin:universities", "admin:users", "admin:audit", "admin:compute"],
};

export function can(role: RoleName | null | undefined, permission: Permission): boolean {
  return role ? GRANTS[role].includes(permission) : false;
}

export function isRole(value: unknown): value is RoleName {
  return typeof value === "string" && (ROLE_NAMES as readonly string[]).includes(value);
}
