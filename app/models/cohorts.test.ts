import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { auditEvents, cohortTeachers } from "~db/schema";
import { createTestUser } from "../../test/support/factories";
import { createTestCohort, testActor } from "../../test/support/cohorts";
import {
  JOIN_CODE_ALPHABET,
  JOIN_CODE_LENGTH,
  displayJoinCode,
  generateJoinCode,
  lookupJoinCode,
  normaliseJoinCode,
  rotateJoinCode,
  setJoinCodeExpiry,
} from "./cohorts.server";

const today = "2026-11-30";

describe("join codes", () => {
  it("use only unambiguous characters and vary", () => {
    const codes = Array.from({ length: 500 }, generateJoinCode);
    for (const code of codes)
      expect(code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`));
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[01ILO]/);
    expect(new Set(codes).size).toBe(codes.length);
    // Every character of the alphabet turns up: the source is not stuck on a subset.
    expect(new Set(codes.join("")).size).toBe(JOIN_CODE_ALPHABET.length);
  });

  it("are read back however they were typed, and anything else is refused", () => {
    expect(normaliseJoinCode(" abcd-ef23 ")).toBe("ABCDEF23");
    expect(normaliseJoinCode(displayJoinCode("ABCDEF23"))).toBe("ABCDEF23");
    expect(normaliseJoinCode("ABCDEF2")).toBeNull();
    expect(normaliseJoinCode("ABCDEFG0")).toBeNull();
    expect(normaliseJoinCode("../../x")).toBeNull();
    expect(normaliseJoinCode("")).toBeNull();
  });
});

describe("cohorts", () => {
  it("are created with their teachers and a fresh code, audited", async () => {
    const db = getDb();
    const teacher = await createTestUser({ role: "teacher" });
    const cohort = createTestCohort({ teacherIds: [teacher.id] });
    expect(normaliseJoinCode(cohort.joinCode)).toBe(cohort.joinCode);
    expect(db.select().from(cohortTeachers).where(eq(cohortTeachers.cohortId, cohort.id)).all()).toHaveLength(
      1,
    );
    const audit = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, String(cohort.id)))
      .all();
    expect(audit.map((a) => a.action)).toContain("cohort.create");
    // The code is a secret handed out in class: it stays out of the audit trail.
    expect(JSON.stringify(audit)).not.toContain(cohort.joinCode);
  });

  it("refuse students as teachers, reversed dates and impossible days, writing nothing", async () => {
    const student = await createTestUser();
    expect(() => createTestCohort({ teacherIds: [student.id] })).toThrow();
    expect(() => createTestCohort({ startsOn: "2026-09-01", endsOn: "2026-08-01" })).toThrow();
    expect(() => createTestCohort({ startsOn: "2026-02-30" })).toThrow();
    expect(() => createTestCohort({ capacity: 0 })).toThrow();
  });
});

describe("looking up a join code", () => {
  it("tells open, unknown, replaced, expired and ended codes apart", () => {
    const db = getDb();
    const now = Date.parse("2026-11-30T04:00:00Z");
    const open = createTestCohort({ startsOn: "2026-09-01", endsOn: "2027-01-31" });
    expect(lookupJoinCode(db, open.joinCode.toLowerCase(), now, today)).toMatchObject({
      status: "open",
      cohort: { id: open.id },
    });
    expect(lookupJoinCode(db, "ZZZZZZZZ", now, today).status).toBe("unknown");
    expect(lookupJoinCode(db, "not a code", now, today).status).toBe("unknown");

    const rotated = rotateJoinCode(db, testActor, open.id, null, now);
    expect(rotated?.joinCode).not.toBe(open.joinCode);
    expect(lookupJoinCode(db, open.joinCode, now, today).status).toBe("rotated");
    expect(lookupJoinCode(db, rotated?.joinCode ?? "", now, today).status).toBe("open");

    setJoinCodeExpiry(db, testActor, open.id, new Date(now), now);
    expect(lookupJoinCode(db, rotated?.joinCode ?? "", now, today).status).toBe("expired");
    expect(lookupJoinCode(db, rotated?.joinCode ?? "", now - 1, today).status).toBe("open");

    const ended = createTestCohort({ startsOn: "2026-03-01", endsOn: "2026-11-29" });
    expect(lookupJoinCode(db, ended.joinCode, now, today).status).toBe("ended");
    // The end date is the last day one can still join.
    expect(lookupJoinCode(db, ended.joinCode, now, "2026-11-29").status).toBe("open");
  });

  it("rotation and expiry changes are audited; an unknown cohort changes nothing", () => {
    const db = getDb();
    const cohort = createTestCohort();
    rotateJoinCode(db, testActor, cohort.id, null);
    setJoinCodeExpiry(db, testActor, cohort.id, new Date(Date.now() + 86_400_000));
    const actions = db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.targetId, String(cohort.id)))
      .all()
      .map((a) => a.action);
    expect(actions).toEqual(["cohort.create", "cohort.rotate-code", "cohort.code-expiry"]);
    expect(rotateJoinCode(db, testActor, 999_999, null)).toBeUndefined();
    expect(setJoinCodeExpiry(db, testActor, 999_999, null)).toBeUndefined();
  });
});
