import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { auditEvents, certificates, enrolments, quizAttempts } from "~db/schema";
import { createTestUser } from "../../test/support/factories";
import { createTestCohort, graded, testActor, testRules } from "../../test/support/cohorts";
import { getPublicCertificate, revokeCertificate } from "./certificates.server";
import type { CourseRules } from "./course-rules.server";
import {
  courseCompletion,
  markLessonComplete,
  settleAfterJoin,
  settleCompletion,
  submitQuizAttempt,
} from "./completion.server";
import { findEnrolment, joinCohort } from "./enrolment.server";
import { QUIZ_MAX_PER_HOUR, QUIZ_MIN_INTERVAL_MS } from "./quiz-attempts.server";

const t0 = Date.parse("2026-11-30T02:00:00Z");

async function enrolledStudent() {
  const db = getDb();
  const student = await createTestUser({ name: "李同学 Li" });
  const cohort = createTestCohort({ name: "2026 秋 1 班", term: "2026-autumn" });
  joinCohort(db, student.id, cohort.joinCode);
  return { db, student, cohort };
}

function submit(
  userId: number,
  rules: CourseRules,
  lessonId: string,
  quizId: string,
  percent: number,
  at: number,
) {
  return submitQuizAttempt(
    getDb(),
    { userId, rules, lessonId, graded: graded(quizId, percent), answers: { a: ["1"] } },
    at,
  );
}

describe("quiz attempts", () => {
  it("are recorded with answers and score; passing completes the lesson", async () => {
    const { db, student } = await enrolledStudent();
    const rules = testRules();
    const failed = submit(student.id, rules, "fx-one", "q1", 50, t0);
    expect(failed).toMatchObject({ ok: true, quizPassed: false, lessonCompleted: false, certificate: null });
    const passed = submit(student.id, rules, "fx-one", "q1", 80, t0 + 10_000);
    expect(passed).toMatchObject({ ok: true, quizPassed: true, lessonCompleted: true });
    const rows = db.select().from(quizAttempts).where(eq(quizAttempts.userId, student.id)).all();
    expect(rows.map((r) => [r.score, r.passed, r.answers])).toEqual([
      [50, false, { a: ["1"] }],
      [80, true, { a: ["1"] }],
    ]);
  });

  it("refuse a quiz the lesson does not have (forged ids record nothing)", async () => {
    const { db, student } = await enrolledStudent();
    expect(submit(student.id, testRules(), "fx-one", "q2", 100, t0)).toEqual({
      ok: false,
      reason: "unknown-quiz",
    });
    expect(submit(student.id, testRules(), "nope", "q1", 100, t0)).toEqual({
      ok: false,
      reason: "unknown-quiz",
    });
    expect(db.select().from(quizAttempts).where(eq(quizAttempts.userId, student.id)).all()).toEqual([]);
  });

  it("are throttled per student and quiz: a double-click is one attempt", async () => {
    const { student } = await enrolledStudent();
    const other = await createTestUser();
    const rules = testRules();
    expect(submit(student.id, rules, "fx-one", "q1", 10, t0).ok).toBe(true);
    expect(submit(student.id, rules, "fx-one", "q1", 10, t0 + 200)).toEqual({
      ok: false,
      reason: "throttled",
      retryAt: new Date(t0 + QUIZ_MIN_INTERVAL_MS),
    });
    // Another quiz and another student are not held up.
    expect(submit(student.id, rules, "fx-two", "q2", 10, t0 + 200).ok).toBe(true);
    expect(submit(other.id, rules, "fx-one", "q1", 10, t0 + 200).ok).toBe(true);
    expect(submit(student.id, rules, "fx-one", "q1", 10, t0 + QUIZ_MIN_INTERVAL_MS).ok).toBe(true);
  });

  it(`allow at most ${QUIZ_MAX_PER_HOUR} an hour`, async () => {
    const { student } = await enrolledStudent();
    const rules = testRules();
    const spacing = QUIZ_MIN_INTERVAL_MS + 1000;
    for (let i = 0; i < QUIZ_MAX_PER_HOUR; i += 1) {
      expect(submit(student.id, rules, "fx-one", "q1", 10, t0 + i * spacing).ok).toBe(true);
    }
    const next = t0 + QUIZ_MAX_PER_HOUR * spacing;
    expect(submit(student.id, rules, "fx-one", "q1", 10, next)).toEqual({
      ok: false,
      reason: "throttled",
      retryAt: new Date(t0 + 3600_000),
    });
    expect(submit(student.id, rules, "fx-one", "q1", 10, t0 + 3600_000).ok).toBe(true);
  });

  it("stop at the number of attempts the course allows", async () => {
    const { student } = await enrolledStudent();
    const rules = testRules({ quizzes: { reveal: "always", attempts: 2, counting: "best" } });
    expect(submit(student.id, rules, "fx-one", "q1", 10, t0).ok).toBe(true);
    expect(submit(student.id, rules, "fx-one", "q1", 10, t0 + 60_000).ok).toBe(true);
    expect(submit(student.id, rules, "fx-one", "q1", 100, t0 + 120_000)).toEqual({
      ok: false,
      reason: "no-attempts-left",
    });
  });
});

describe("the completion rule", () => {
  it("needs every required lesson and the quiz average at the pass mark; optional lessons do not count", async () => {
    const { db, student } = await enrolledStudent();
    const rules = testRules();
    submit(student.id, rules, "fx-one", "q1", 100, t0);
    expect(courseCompletion(db, student.id, rules)).toMatchObject({
      completedRequired: 1,
      quizAverage: 50,
      met: false,
    });
    // Completed by hand but the quiz never taken: it counts 0 towards the average.
    markLessonComplete(db, student.id, rules, "fx-two", t0 + 1000);
    expect(courseCompletion(db, student.id, rules)).toMatchObject({
      completedRequired: 2,
      quizAverage: 50,
      met: false,
    });
    submit(student.id, rules, "fx-two", "q2", 40, t0 + 2000);
    expect(courseCompletion(db, student.id, rules)).toMatchObject({ quizAverage: 70, met: true });
  });

  it("counts the best or the last attempt as the course says", async () => {
    const { db, student } = await enrolledStudent();
    const best = testRules();
    const last = testRules({ quizzes: { reveal: "always", attempts: "unlimited", counting: "last" } });
    markLessonComplete(db, student.id, last, "fx-one", t0);
    markLessonComplete(db, student.id, last, "fx-two", t0);
    // Submitted under "last" rules so no certificate is issued on the way.
    submit(student.id, last, "fx-one", "q1", 100, t0 + 1000);
    submit(student.id, last, "fx-one", "q1", 0, t0 + 10_000);
    submit(student.id, last, "fx-two", "q2", 60, t0 + 20_000);
    expect(courseCompletion(db, student.id, last)).toMatchObject({ quizAverage: 30, met: false });
    expect(courseCompletion(db, student.id, best)).toMatchObject({ quizAverage: 80, met: true });
  });

  it("under required-lessons ignores quiz scores", async () => {
    const { db, student } = await enrolledStudent();
    const rules = testRules({ certificate: "required-lessons" });
    markLessonComplete(db, student.id, rules, "fx-one", t0);
    const done = markLessonComplete(db, student.id, rules, "fx-two", t0);
    expect(done?.certificate?.courseId).toBe("fixture-course");
  });
});

describe("certificates", () => {
  it("are issued once, automatically, and mark the enrolment completed", async () => {
    const { db, student, cohort } = await enrolledStudent();
    const rules = testRules();
    submit(student.id, rules, "fx-one", "q1", 100, t0);
    const finishing = submit(student.id, rules, "fx-two", "q2", 90, t0 + 1000);
    if (!finishing.ok || !finishing.certificate) throw new Error("expected a certificate");
    const { certificate } = finishing;
    expect(certificate.id).toMatch(/^[0-9a-f]{32}$/);
    expect(certificate.cohortId).toBe(cohort.id);
    expect(findEnrolment(db, student.id, cohort.id)?.status).toBe("completed");

    // Later events, repeated settling and a direct duplicate insert never make a second one.
    const later = submit(student.id, rules, "fx-two", "q2", 100, t0 + 60_000);
    expect(later.ok && later.certificate?.id).toBe(certificate.id);
    expect(db.transaction((tx) => settleCompletion(tx, student.id, rules, t0 + 70_000))?.id).toBe(
      certificate.id,
    );
    expect(() =>
      db
        .insert(certificates)
        .values({
          id: "f".repeat(32),
          userId: student.id,
          courseId: rules.courseId,
          cohortId: cohort.id,
          issuedAt: new Date(),
        })
        .run(),
    ).toThrow(/UNIQUE/);
    expect(db.select().from(certificates).where(eq(certificates.userId, student.id)).all()).toHaveLength(1);
  });

  it("are not issued to someone with no enrolment in the course", async () => {
    const db = getDb();
    const visitor = await createTestUser({ role: "teacher" });
    const rules = testRules({ certificate: "required-lessons" });
    markLessonComplete(db, visitor.id, rules, "fx-one", t0);
    expect(markLessonComplete(db, visitor.id, rules, "fx-two", t0)?.certificate).toBeNull();
  });

  it("show publicly what they certify, and can be revoked once with a reason, audited", async () => {
    const { db, student } = await enrolledStudent();
    const rules = testRules({ certificate: "required-lessons" });
    markLessonComplete(db, student.id, rules, "fx-one", t0);
    const id = markLessonComplete(db, student.id, rules, "fx-two", t0)?.certificate?.id ?? "";
    expect(getPublicCertificate(db, id)).toMatchObject({
      status: "valid",
      student: "李同学 Li",
      courseId: "fixture-course",
      cohort: { name: "2026 秋 1 班", term: "2026-autumn" },
      revokedAt: null,
    });
    expect(getPublicCertificate(db, "0".repeat(32))).toBeUndefined();
    expect(getPublicCertificate(db, "' or 1=1 --")).toBeUndefined();

    expect(revokeCertificate(db, testActor, id, "   ")).toEqual({ ok: false, reason: "no-reason" });
    expect(revokeCertificate(db, testActor, "0".repeat(32), "x")).toEqual({ ok: false, reason: "not-found" });
    expect(revokeCertificate(db, testActor, id, "学术不端 Academic misconduct", t0 + 5000).ok).toBe(true);
    expect(revokeCertificate(db, testActor, id, "again")).toEqual({ ok: false, reason: "already-revoked" });
    expect(getPublicCertificate(db, id)).toMatchObject({
      status: "revoked",
      revokedAt: new Date(t0 + 5000),
      revokedReason: "学术不端 Academic misconduct",
    });
    const audit = db.select().from(auditEvents).where(eq(auditEvents.targetId, id)).all();
    expect(audit.map((a) => a.action)).toEqual(["certificate.revoke"]);
    // Revoked stays revoked: completing again issues nothing new.
    expect(
      markLessonComplete(db, student.id, rules, "fx-two", t0 + 9000)?.certificate?.revokedAt,
    ).toBeTruthy();
    expect(db.select().from(enrolments).where(eq(enrolments.userId, student.id)).all()).toHaveLength(1);
  });

  it("are settled on joining: work done before it or in another cohort of the course counts", async () => {
    const { db, student, cohort } = await enrolledStudent();
    const rules = testRules({ certificate: "required-lessons" });
    markLessonComplete(db, student.id, rules, "fx-one", t0);
    const first = markLessonComplete(db, student.id, rules, "fx-two", t0)?.certificate;
    if (!first) throw new Error("expected a certificate");
    // A second cohort of the same course: no second certificate, and the new enrolment is complete too.
    const again = createTestCohort({ name: "2027 春 2 班" });
    const joined = joinCohort(db, student.id, again.joinCode);
    if (!joined.ok) throw new Error("expected to join");
    expect(settleAfterJoin(db, student.id, rules, joined.enrolment.id, t0 + 1000)?.id).toBe(first.id);
    expect(findEnrolment(db, student.id, again.id)?.status).toBe("completed");
    expect(findEnrolment(db, student.id, cohort.id)?.status).toBe("completed");
    expect(db.select().from(certificates).where(eq(certificates.userId, student.id)).all()).toHaveLength(1);

    // Lessons done before ever joining: the join itself issues the certificate, for that cohort.
    const early = await createTestUser();
    markLessonComplete(db, early.id, rules, "fx-one", t0);
    expect(markLessonComplete(db, early.id, rules, "fx-two", t0)?.certificate).toBeNull();
    const late = joinCohort(db, early.id, again.joinCode);
    if (!late.ok) throw new Error("expected to join");
    expect(settleAfterJoin(db, early.id, rules, late.enrolment.id, t0 + 2000)?.cohortId).toBe(again.id);
    expect(findEnrolment(db, early.id, again.id)?.status).toBe("completed");

    // Half-done work issues nothing and leaves the enrolment active.
    const halfway = await createTestUser();
    markLessonComplete(db, halfway.id, rules, "fx-one", t0);
    const half = joinCohort(db, halfway.id, again.joinCode);
    if (!half.ok) throw new Error("expected to join");
    expect(settleAfterJoin(db, halfway.id, rules, half.enrolment.id, t0 + 3000)).toBeNull();
    expect(findEnrolment(db, halfway.id, again.id)?.status).toBe("active");
  });
});
