import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { enrolments, users } from "~db/schema";
import { createTestUser } from "../../test/support/factories";
import { createTestCohort } from "../../test/support/cohorts";
import {
  JOIN_WINDOW_MS,
  MAX_JOIN_FAILURES_PER_USER,
  joinThrottledUntil,
  recordJoinFailure,
  signUpAndJoin,
} from "./join.server";

const input = (email: string, studentNumber: string) => ({
  name: "王同学",
  email,
  studentNumber,
  passwordHash: "hash",
  locale: "zh-CN" as const,
});

describe("signing up with a join code", () => {
  it("creates a student at the cohort's university and enrols them", () => {
    const db = getDb();
    const cohort = createTestCohort();
    const result = signUpAndJoin(db, input("new.student@test.example.edu", "S-001"), cohort.joinCode);
    if (!result.ok) throw new Error(result.reason);
    expect(result.user).toMatchObject({
      role: "student",
      universityId: cohort.universityId,
      studentNumber: "S-001",
    });
    expect(result.join.cohort.id).toBe(cohort.id);
  });

  it("refuses a taken email, a student number taken at that university, a bad or full code, leaving nothing", async () => {
    const db = getDb();
    const cohort = createTestCohort({ capacity: 2 });
    await createTestUser({ email: "taken@test.example.edu" });
    expect(signUpAndJoin(db, input("a1@test.example.edu", "N-1"), cohort.joinCode).ok).toBe(true);
    expect(signUpAndJoin(db, input("taken@test.example.edu", "N-2"), cohort.joinCode)).toEqual({
      ok: false,
      reason: "email-taken",
    });
    expect(signUpAndJoin(db, input("a2@test.example.edu", "N-1"), cohort.joinCode)).toEqual({
      ok: false,
      reason: "student-number-taken",
    });
    // The same number at another university is someone else.
    expect(signUpAndJoin(db, input("a3@test.example.edu", "N-1"), createTestCohort().joinCode).ok).toBe(true);
    expect(signUpAndJoin(db, input("a4@test.example.edu", "N-4"), "ZZZZZZZZ")).toEqual({
      ok: false,
      reason: "unknown",
    });
    expect(signUpAndJoin(db, input("a5@test.example.edu", "N-5"), cohort.joinCode).ok).toBe(true);
    expect(signUpAndJoin(db, input("a6@test.example.edu", "N-6"), cohort.joinCode)).toEqual({
      ok: false,
      reason: "full",
    });
    for (const email of ["a2", "a4", "a6"]) {
      expect(
        db
          .select()
          .from(users)
          .where(eq(users.email, `${email}@test.example.edu`))
          .get(),
      ).toBeUndefined();
    }
    expect(db.select().from(enrolments).where(eq(enrolments.cohortId, cohort.id)).all()).toHaveLength(2);
  });
});

describe("join throttling", () => {
  it("closes after repeated wrong codes from one account, and opens after the window", async () => {
    const db = getDb();
    const user = await createTestUser();
    const t0 = Date.now();
    for (let i = 0; i < MAX_JOIN_FAILURES_PER_USER; i += 1) {
      expect(joinThrottledUntil(db, "10.9.9.9", user.id, t0 + i)).toBeNull();
      recordJoinFailure(db, `10.9.9.${i}`, user.id, t0 + i);
    }
    expect(joinThrottledUntil(db, "10.1.1.1", user.id, t0 + 100)).toEqual(new Date(t0 + JOIN_WINDOW_MS));
    expect(joinThrottledUntil(db, "10.1.1.1", null, t0 + 100)).toBeNull();
    expect(joinThrottledUntil(db, "10.1.1.1", user.id, t0 + JOIN_WINDOW_MS + 1)).toBeNull();
  });
});
