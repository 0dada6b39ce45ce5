import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { createTestCohort } from "../../test/support/cohorts";
import { createTestPool, ledgerProblems } from "../../test/support/compute";
import { createTestUser } from "../../test/support/factories";
import { joinCohort } from "./enrolment.server";
import { decideRequest, grantToCohort, requestMinutes, requestsForCohort } from "./grants.server";
import { balance, ensureAccount } from "./ledger.server";

const DAY = 24 * 60 * 60 * 1000;
const admin = { id: null, label: "test@grants" };

async function cohortWith(students: number) {
  const db = getDb();
  const teacher = await createTestUser({ role: "teacher" });
  const cohort = createTestCohort({ teacherIds: [teacher.id] });
  const people = [];
  for (let i = 0; i < students; i++) {
    const s = await createTestUser();
    joinCohort(db, s.id, cohort.joinCode);
    people.push(s);
  }
  return { db, teacher, cohort, people };
}

const minutesOf = (userId: number, poolId: number) =>
  balance(getDb(), ensureAccount(getDb(), userId, poolId).id);

describe("grants to a cohort", () => {
  it("credit every active student now, and later joiners until the date, once each", async () => {
    const { db, cohort, people } = await cohortWith(3);
    const pool = createTestPool();
    const now = Date.now();
    const result = grantToCohort(db, admin, {
      poolId: pool.id,
      cohortId: cohort.id,
      minutes: 120,
      expiresAt: new Date(now + 30 * DAY),
      includeLaterJoinersUntil: new Date(now + 7 * DAY),
      purpose: "lab week",
    });
    expect(result).toEqual({ ok: true, grantId: expect.any(Number), students: 3 });
    for (const p of people) expect(minutesOf(p.id, pool.id)).toBe(120);

    const late = await createTestUser();
    joinCohort(db, late.id, cohort.joinCode);
    joinCohort(db, late.id, cohort.joinCode);
    expect(minutesOf(late.id, pool.id)).toBe(120);
    expect(ledgerProblems(db, ensureAccount(db, late.id, pool.id).id)).toEqual([]);
  });

  it("leave out later joiners when not asked, and refuse past capacity", async () => {
    const { db, cohort } = await cohortWith(2);
    const pool = createTestPool({ capacityMinutesPerMonth: 100 });
    const input = {
      poolId: pool.id,
      cohortId: cohort.id,
      minutes: 40,
      expiresAt: new Date(Date.now() + 5 * DAY),
      includeLaterJoinersUntil: null,
      purpose: "p",
    };
    expect(grantToCohort(db, admin, input).ok).toBe(true);
    const late = await createTestUser();
    joinCohort(db, late.id, cohort.joinCode);
    expect(minutesOf(late.id, pool.id)).toBe(0);
    const refused = grantToCohort(db, admin, { ...input, minutes: 100 });
    expect(refused).toMatchObject({ ok: false, reason: "capacity" });
  });
});

describe("teachers' requests", () => {
  it("only for a cohort the teacher teaches; approval issues the grant, a decline carries its reason", async () => {
    const { db, teacher, cohort, people } = await cohortWith(2);
    const stranger = await createTestUser({ role: "teacher" });
    const pool = createTestPool();
    const ask = { cohortId: cohort.id, poolId: pool.id, minutes: 60, reason: "final projects" };
    expect(requestMinutes(db, { id: stranger.id, label: "x" }, ask)).toBeUndefined();
    const first = requestMinutes(db, { id: teacher.id, label: "t" }, ask);
    const second = requestMinutes(db, { id: teacher.id, label: "t" }, { ...ask, minutes: 999 });
    if (!first || !second) throw new Error("requests refused");

    const approved = decideRequest(db, admin, {
      id: first.id,
      approve: true,
      reason: null,
      expiresAt: new Date(Date.now() + 20 * DAY),
    });
    expect(approved).toEqual({ ok: true, status: "approved" });
    expect(
      decideRequest(db, admin, { id: first.id, approve: false, reason: "again", expiresAt: null }),
    ).toEqual({
      ok: false,
      reason: "decided",
    });
    for (const p of people) expect(minutesOf(p.id, pool.id)).toBe(60);
    decideRequest(db, admin, { id: second.id, approve: false, reason: "too much", expiresAt: null });
    const seen = requestsForCohort(db, cohort.id).map((r) => [r.status, r.decisionReason]);
    expect(seen).toEqual([
      ["declined", "too much"],
      ["approved", null],
    ]);
  });
});
