import { count } from "drizzle-orm";
import { hashPassword } from "../app/auth/password.server";
import type { Db } from "./client.server";
import { universities, users } from "./schema";
import { seedDemoCohort } from "./seed-cohort";
import { seedDemoCompute } from "./seed-compute";

export const DEMO_PASSWORD = "talent-demo-2026";
export const DEMO_ACCOUNTS = [
  { email: "admin@example.edu", role: "admin", name: "演示管理员 Demo Admin" },
  { email: "teacher@example.edu", role: "teacher", name: "演示教师 Demo Teacher" },
  { email: "student@example.edu", role: "student", name: "演示学生 Demo Student" },
] as const;

/** True when the database has no accounts yet: a new database. */
export function isEmpty(db: Db): boolean {
  return (db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
}

/** Demo data for a new database. Only ever called in demo mode (never in production). */
export async function seedDemo(db: Db): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const people = db.transaction(
    (tx) => {
      const university = tx
        .insert(universities)
        .values({ code: "DEMO", nameZh: "演示大学", nameEn: "Demo University" })
        .returning()
        .get();
      const ids: Partial<Record<(typeof DEMO_ACCOUNTS)[number]["role"], number>> = {};
      for (const account of DEMO_ACCOUNTS) {
        ids[account.role] = tx
          .insert(users)
          .values({
            email: account.email,
            name: account.name,
            role: account.role,
            universityId: university.id,
            studentNumber: account.role === "student" ? "2026000001" : null,
            passwordHash,
          })
          .returning({ id: users.id })
          .get().id;
      }
      return { universityId: university.id, teacherId: ids.teacher ?? 0, studentId: ids.student ?? 0 };
    },
    { behavior: "immediate" },
  );
  await seedDemoCohort(db, people);
  seedDemoCompute(db, people.studentId);
}
