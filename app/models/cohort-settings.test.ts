import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { auditEvents, users } from "~db/schema";
import { createTestUniversity, createTestUser } from "../../test/support/factories";
import { createTestCohort } from "../../test/support/cohorts";
import {
  addCoTeacher,
  coTeacherCandidates,
  removeCoTeacher,
  setArchived,
  updateCohort,
} from "./cohort-settings.server";
import { lookupJoinCode } from "./cohorts.server";

const actor = { id: null, label: "settings@test" };

function audited(action: string, cohortId: number) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.targetId, String(cohortId))))
    .all();
}

describe("cohort settings", () => {
  it("add only enabled teachers of the cohort's university as co-teachers, and never remove the last one", async () => {
    const db = getDb();
    const university = createTestUniversity();
    const owner = await createTestUser({ role: "teacher", universityId: university.id, name: "主讲 王老师" });
    const colleague = await createTestUser({
      role: "teacher",
      universityId: university.id,
      name: "助教 李老师",
    });
    const elsewhere = await createTestUser({ role: "teacher", universityId: createTestUniversity().id });
    const student = await createTestUser({ universityId: university.id });
    const disabled = await createTestUser({ role: "teacher", universityId: university.id });
    db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id)).run();
    const cohort = createTestCohort({ universityId: university.id, teacherIds: [owner.id] });

    expect(coTeacherCandidates(db, cohort, "老师").map((t) => t.id)).toEqual([colleague.id]);
    expect(addCoTeacher(db, actor, cohort.id, elsewhere.id)).toBe("not-eligible");
    expect(addCoTeacher(db, actor, cohort.id, student.id)).toBe("not-eligible");
    expect(addCoTeacher(db, actor, cohort.id, disabled.id)).toBe("not-eligible");
    expect(addCoTeacher(db, actor, cohort.id, colleague.id)).toBe("ok");
    expect(addCoTeacher(db, actor, cohort.id, colleague.id)).toBe("already");
    expect(removeCoTeacher(db, actor, cohort.id, owner.id)).toBe("ok");
    expect(removeCoTeacher(db, actor, cohort.id, colleague.id)).toBe("last-teacher");
    expect(audited("cohort.add-teacher", cohort.id)).toHaveLength(1);
    expect(audited("cohort.remove-teacher", cohort.id)).toHaveLength(1);
  });

  it("archive closes the join code and is audited; edits are audited with before and after", () => {
    const db = getDb();
    const cohort = createTestCohort();
    const now = Date.now();
    const today = new Date(now).toISOString().slice(0, 10);
    expect(setArchived(db, actor, cohort.id, true)).toBe(true);
    expect(setArchived(db, actor, cohort.id, true)).toBe(false);
    expect(lookupJoinCode(db, cohort.joinCode, now, today).status).toBe("ended");
    expect(setArchived(db, actor, cohort.id, false)).toBe(true);
    expect(lookupJoinCode(db, cohort.joinCode, now, today).status).toBe("open");
    updateCohort(db, actor, cohort.id, {
      courseId: cohort.courseId,
      name: "改名后的班",
      term: cohort.term,
      startsOn: cohort.startsOn,
      endsOn: cohort.endsOn,
      capacity: 40,
    });
    const [edit] = audited("cohort.update", cohort.id);
    expect(edit?.before).toMatchObject({ name: "Section 1", capacity: null });
    expect(edit?.after).toMatchObject({ name: "改名后的班", capacity: 40 });
    expect(JSON.stringify(edit)).not.toContain(cohort.joinCode);
    expect(audited("cohort.archive", cohort.id)).toHaveLength(1);
  });
});
