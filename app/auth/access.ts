import type { Permission } from "./permissions";

/**
 * Who may reach each route, by Remix route id. The authorization-matrix test
 * enumerates the route manifest: a route missing here fails it, and every
 * entry is checked against real requests for each role. "course-reader":
 * signed in and enrolled in, or teaching, a cohort of the course, or an admin.
 * "signed-api": the compute center's clients, by request signature only; any
 * session cookie is ignored, so every person gets 401.
 */
export type Access = "public" | "signed-in" | "course-reader" | "signed-api" | { permission: Permission };

export const ACCESS: Record<string, Access> = {
  root: "public",
  "routes/_index": "public",
  "routes/$": "public",
  "routes/healthz": "public",
  "routes/login": "public",
  "routes/logout": "public",
  "routes/locale": "public",
  "routes/reset.$token": "public",
  "routes/join._index": "public",
  "routes/join.$code": "public",
  "routes/certificates.$id": "public",
  "routes/certificates.$id[.json]": "public",
  "routes/account": "signed-in",
  "routes/dashboard": "signed-in",
  // Scoped further by the model: a teacher sees only cohorts they teach (others are 404).
  "routes/teach._index": { permission: "cohort:teach" },
  "routes/teach.$cohort": { permission: "cohort:teach" },
  "routes/teach.new": { permission: "cohort:teach" },
  "routes/teach.$cohort_.settings": { permission: "cohort:teach" },
  "routes/teach.$cohort_.qr": { permission: "cohort:teach" },
  "routes/teach.$cohort_.import": { permission: "cohort:teach" },
  "routes/teach.$cohort_.roster[.csv]": { permission: "cohort:teach" },
  // Teachers of the cohort and admins; any other cohort or student id is 404 (app/auth/cohort-workspace.server.ts).
  "routes/teach.$cohort_.progress": { permission: "cohort:teach" },
  "routes/teach.$cohort_.progress[.csv]": { permission: "cohort:teach" },
  "routes/teach.$cohort_.grades[.csv]": { permission: "cohort:teach" },
  "routes/teach.$cohort_.students.$student": { permission: "cohort:teach" },
  "routes/teach.$cohort_.quizzes": { permission: "cohort:teach" },
  "routes/teach.$cohort_.activity": { permission: "cohort:teach" },
  "routes/teach.$cohort_.compute": { permission: "cohort:teach" },
  "routes/admin": { permission: "admin:users" },
  "routes/admin.universities": { permission: "admin:universities" },
  "routes/admin.users": { permission: "admin:users" },
  "routes/admin.audit": { permission: "admin:audit" },
  "routes/admin.certificates": { permission: "admin:users" },
  "routes/admin.compute._index": { permission: "admin:compute" },
  "routes/admin.compute.report[.csv]": { permission: "admin:compute" },
  "routes/admin.compute.pools": { permission: "admin:compute" },
  "routes/admin.compute.batches": { permission: "admin:compute" },
  "routes/admin.compute.grants": { permission: "admin:compute" },
  "routes/compute": { permission: "compute:use" },
  "routes/compute_.redeem": { permission: "compute:use" },
  "routes/courses._index": "public",
  "routes/courses.$course._index": "public",
  // Enrolled learners, the course's teachers and admins (app/auth/course-access.server.ts).
  "routes/courses.$course.$lesson": "course-reader",
  // Also for course readers only; the matrix's sample key and path name nothing, so any signed-in visitor gets 404.
  "routes/learning.$course.$lesson": "course-reader",
  // Reading-time batches (POST only), for course readers; answered by the server itself in production.
  "routes/learning.$course.$lesson_.time": "course-reader",
  "routes/lesson-html.$key": "signed-in",
  "routes/lesson-assets.$": "signed-in",
  "routes/bench.bare": "public",
  "routes/api.compute.v1.$": "signed-api",
};
