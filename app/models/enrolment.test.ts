import { spawn } from "node:child_process";
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { auditEvents, enrolments } from "~db/schema";
import { createTestUniversity, createTestUser } from "../../test/support/factories";
import { createTestCohort, testActor } from "../../test/support/cohorts";
import { rotateJoinCode, setJoinCodeExpiry } from "./cohorts.server";
import { courseAccess, findEnrolment, issueStudentResetLink, joinCohort } from "./enrolment.server";
import { findResetTarget } from "./password-reset.server";

/** Runs `joinCohort` in another process on this worker's database file, starting at `at`. */
function racer(code: string, userIds: number[], at: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/support/join-race.ts", code, ...userIds.map(String)],
      {
        env: { ...process.env, RACE_AT: String(at) },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.stderr.on("data", (c) => {
      err += c;
    });
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(err))));
  });
}

describe("joining a cohort", () => {
  it("enrols once; joining again is harmless", async () => {
    const db = getDb();
    const cohort = createTestCohort();
    const student = await createTestUser();
    const first = joinCohort(db, student.id, cohort.joinCode);
    expect(first).toMatchObject({ ok: true, alreadyEnrolled: false, cohort: { id: cohort.id } });
    const again = joinCohort(db, student.id, cohort.joinCode.toLowerCase());
    expect(again).toMatchObject({ ok: true, alreadyEnrolled: true });
    expect(db.select({ n: count() }).from(enrolments).where(eq(enrolments.userId, student.id)).get()?.n).toBe(
      1,
    );
  });

  it("gives each refusal its own reason and writes nothing", async () => {
    const db = getDb();
    const student = await createTestUser();
    const cohort = createTestCohort({ capacity: 1 });
    const old = cohort.joinCode;
    expect(joinCohort(db, student.id, "ZZZZ-ZZZZ")).toEqual({ ok: false, reason: "unknown" });

    const rotated = rotateJoinCode(db, testActor, cohort.id, null);
    expect(joinCohort(db, student.id, old)).toEqual({ ok: false, reason: "rotated" });

    const now = Date.now();
    setJoinCodeExpiry(db, testActor, cohort.id, new Date(now - 1000));
    expect(joinCohort(db, student.id, rotated?.joinCode ?? "", now)).toEqual({
      ok: false,
      reason: "expired",
    });
    setJoinCodeExpiry(db, testActor, cohort.id, null);

    const other = await createTestUser();
    expect(joinCohort(db, other.id, rotated?.joinCode ?? "").ok).toBe(true);
    expect(joinCohort(db, student.id, rotated?.joinCode ?? "")).toEqual({ ok: false, reason: "full" });

    const ended = createTestCohort({ startsOn: "2020-09-01", endsOn: "2021-01-31" });
    expect(joinCohort(db, student.id, ended.joinCode)).toEqual({ ok: false, reason: "ended" });
    expect(db.select().from(enrolments).where(eq(enrolments.userId, student.id)).all()).toEqual([]);
  });

  it("does not let a dropped student back in with the code", async () => {
    const db = getDb();
    const cohort = createTestCohort();
    const student = await createTestUser();
    joinCohort(db, student.id, cohort.joinCode);
    db.update(enrolments).set({ status: "dropped" }).where(eq(enrolments.userId, student.id)).run();
    expect(joinCohort(db, student.id, cohort.joinCode)).toEqual({ ok: false, reason: "dropped" });
    expect(findEnrolment(db, student.id, cohort.id)?.status).toBe("dropped");
  });

  it("never duplicates or overfills under concurrent joins from several processes", async () => {
    const db = getDb();
    const cohort = createTestCohort({ capacity: 5 });
    const students = await Promise.all(Array.from({ length: 12 }, () => createTestUser()));
    const ids = students.map((s) => s.id);
    // Four processes, each trying every student twice, all at the same moment.
    const at = Date.now() + 2500;
    const outcomes = (
      await Promise.all(
        [1, 2, 3, 4].map((n) => racer(cohort.joinCode, n % 2 ? [...ids, ...ids] : [...ids].reverse(), at)),
      )
    ).flat();
    const rows = db.select().from(enrolments).where(eq(enrolments.cohortId, cohort.id)).all();
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(5);
    expect(outcomes.filter((o) => o === "joined")).toHaveLength(5);
    expect(new Set(outcomes)).toEqual(new Set(["joined", "already", "full"]));
  }, 60_000);
});

describe("who may read a course", () => {
  it("is its enrolled learners, its teachers and admins; dropped learners and others are not", async () => {
    const db = getDb();
    const teacher = await createTestUser({ role: "teacher" });
    const otherTeacher = await createTestUser({ role: "teacher" });
    const admin = await createTestUser({ role: "admin" });
    const student = await createTestUser();
    const outsider = await createTestUser();
    const cohort = createTestCohort({ teacherIds: [teacher.id] });
    joinCohort(db, student.id, cohort.joinCode);
    expect(courseAccess(db, student, "fixture-course")).toBe("learner");
    expect(courseAccess(db, student, "another-course")).toBeNull();
    expect(courseAccess(db, teacher, "fixture-course")).toBe("teacher");
    expect(courseAccess(db, otherTeacher, "fixture-course")).toBeNull();
    expect(courseAccess(db, admin, "anything")).toBe("admin");
    expect(courseAccess(db, outsider, "fixture-course")).toBeNull();
    db.update(enrolments).set({ status: "dropped" }).where(eq(enrolments.userId, student.id)).run();
    expect(courseAccess(db, student, "fixture-course")).toBeNull();
  });

  it("lets a teacher learn in a teacher-training cohort as a learner", async () => {
    const db = getDb();
    const teacher = await createTestUser({ role: "teacher" });
    const training = createTestCohort({ courseId: "teacher-training" });
    expect(joinCohort(db, teacher.id, training.joinCode).ok).toBe(true);
    expect(courseAccess(db, teacher, "teacher-training")).toBe("learner");
  });
});

describe("reset links issued by a teacher", () => {
  it("work for students of their own cohorts only, audited; a forged id changes nothing", async () => {
    const db = getDb();
    const university = createTestUniversity();
    const teacher = await createTestUser({ role: "teacher", universityId: university.id });
    const colleague = await createTestUser({ role: "teacher", universityId: university.id });
    const student = await createTestUser({ universityId: university.id });
    const stranger = await createTestUser({ universityId: university.id });
    const admin = await createTestUser({ role: "admin" });
    const cohort = createTestCohort({ universityId: university.id, teacherIds: [teacher.id] });
    joinCohort(db, student.id, cohort.joinCode);
    joinCohort(db, admin.id, cohort.joinCode);

    const actor = { id: teacher.id, label: teacher.email };
    const token = issueStudentResetLink(db, actor, student.id);
    expect(token && findResetTarget(db, token)?.userId).toBe(student.id);
    expect(issueStudentResetLink(db, actor, stranger.id)).toBeNull();
    expect(issueStudentResetLink(db, { id: colleague.id, label: colleague.email }, student.id)).toBeNull();
    // Staff who joined as learners are not the teacher's to reset.
    expect(issueStudentResetLink(db, actor, admin.id)).toBeNull();
    const audited = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "user.reset-link"), eq(auditEvents.actorId, teacher.id)))
      .all();
    expect(audited.map((a) => a.targetId)).toEqual([String(student.id)]);
  });
});
