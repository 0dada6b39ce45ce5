import { and, count, eq, sql } from "drizzle-orm";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { auditEvents, enrolments, passwordResetTokens, users } from "~db/schema";
import { createTestUniversity, createTestUser } from "../../test/support/factories";
import { createTestCohort } from "../../test/support/cohorts";
import { findResetTarget } from "./password-reset.server";
import { IMPORT_MAX_ROWS, applyImport, previewImport } from "./roster-import.server";

const actor = { id: null, label: "teacher@test" };
const utf8 = (text: string) => new TextEncoder().encode(text);
let n = 0;
const unique = () => `${process.pid}x${++n}`;

function setup() {
  const university = createTestUniversity();
  const cohort = createTestCohort({ universityId: university.id });
  return { cohort, university };
}

function enrolledCount(cohortId: number) {
  return getDb().select({ n: count() }).from(enrolments).where(eq(enrolments.cohortId, cohortId)).get()?.n;
}

describe("roster CSV import", () => {
  it("reads GBK, UTF-8 with BOM and UTF-8 without BOM alike, with a Chinese or English header", () => {
    const db = getDb();
    const { cohort } = setup();
    const id = unique();
    const text = `学号,姓名,邮箱\r\nG${id},王小明,gbk${id}@example.edu\r\n`;
    const files = [
      iconv.encode(text, "gbk"),
      utf8(`\uFEFF${text}`),
      utf8(text),
      utf8(`Student Number,Name,Email\nG${id},王小明,gbk${id}@example.edu\n`),
      // Columns in another order, named by the header.
      utf8(`邮箱,学号,姓名\ngbk${id}@example.edu,G${id},王小明\n`),
    ];
    for (const file of files) {
      const preview = previewImport(db, cohort, new Uint8Array(file));
      expect(preview.ok && preview.rows).toEqual([
        { line: 2, studentNumber: `G${id}`, name: "王小明", email: `gbk${id}@example.edu`, fate: "new" },
      ]);
    }
  });

  it("shows every row's fate, skips rows in error on apply, and a second import of the file changes nothing", async () => {
    const db = getDb();
    const { cohort, university } = setup();
    const id = unique();
    const existing = await createTestUser({ email: `old${id}@example.edu`, universityId: university.id });
    const member = await createTestUser({ email: `in${id}@example.edu` });
    db.insert(enrolments).values({ userId: member.id, cohortId: cohort.id }).run();
    const file = utf8(
      [
        "学号,姓名,邮箱",
        `A${id},新同学,NEW${id}@Example.edu`,
        `B${id},老同学,old${id}@example.edu`,
        `C${id},已在班,in${id}@example.edu`,
        `D${id},,noname${id}@example.edu`,
        `E${id},重复,new${id}@example.edu`,
        `F${id},坏邮箱,not-an-email`,
        "",
        `A${id},同学号,other${id}@example.edu`,
      ].join("\n"),
    );
    const preview = previewImport(db, cohort, file);
    if (!preview.ok) throw new Error("preview refused");
    expect(preview.rows.map((r) => [r.line, r.fate, r.reason?.key, r.reason?.params?.line])).toEqual([
      [2, "new", undefined, undefined],
      [3, "enrol", undefined, undefined],
      [4, "already", undefined, undefined],
      [5, "error", "import.row.nameMissing", undefined],
      [6, "error", "import.row.duplicateEmail", 2],
      [7, "error", "import.row.emailInvalid", undefined],
      [9, "error", "import.row.duplicateNumber", 2],
    ]);
    expect(enrolledCount(cohort.id)).toBe(1);

    const applied = applyImport(db, actor, cohort, file, preview.hash);
    if (!applied.ok) throw new Error("apply refused");
    expect(applied.counts).toEqual({ new: 1, enrol: 1, already: 1, error: 4 });
    expect(applied.links.map((l) => l.email)).toEqual([`new${id}@example.edu`]);
    const created = db
      .select()
      .from(users)
      .where(eq(users.email, `new${id}@example.edu`))
      .get();
    expect(created).toMatchObject({ role: "student", universityId: university.id, studentNumber: `A${id}` });
    // The activation link is a 14-day one-time token; only its hash is stored.
    expect(findResetTarget(db, applied.links[0]?.token ?? "")?.userId).toBe(created?.id);
    expect(findResetTarget(db, applied.links[0]?.token ?? "", Date.now() + 15 * 86_400_000)).toBeNull();
    expect(enrolledCount(cohort.id)).toBe(3);
    const audit = db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "cohort.roster-import"), eq(auditEvents.targetId, String(cohort.id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ new: 1, enrol: 1, error: 4 });
    expect(existing.id).toBeGreaterThan(0);

    const tokensBefore = db.select({ n: count() }).from(passwordResetTokens).get()?.n;
    const again = previewImport(db, cohort, file);
    expect(again.ok && again.counts).toEqual({ new: 0, enrol: 0, already: 3, error: 4 });
    const reapplied = applyImport(db, actor, cohort, file, again.ok ? again.hash : "");
    expect(reapplied.ok && reapplied.links).toEqual([]);
    expect(enrolledCount(cohort.id)).toBe(3);
    expect(db.select({ n: count() }).from(passwordResetTokens).get()?.n).toBe(tokensBefore);
  });

  it("refuses a file whose email and student number name two different accounts, or that changed since the preview", async () => {
    const db = getDb();
    const { cohort, university } = setup();
    const id = unique();
    await createTestUser({ email: `one${id}@example.edu`, universityId: university.id });
    const two = await createTestUser({ email: `two${id}@example.edu`, universityId: university.id });
    db.update(users)
      .set({ studentNumber: `N${id}` })
      .where(eq(users.id, two.id))
      .run();
    const file = utf8(`N${id},某同学,one${id}@example.edu\nN${id}x,别人,x${id}@example.edu\n`);
    const preview = previewImport(db, cohort, file);
    expect(preview.ok && preview.rows.map((r) => r.reason?.key ?? r.fate)).toEqual([
      "import.row.conflict",
      "new",
    ]);
    const tampered = utf8(`N${id}y,别人,y${id}@example.edu\n`);
    expect(applyImport(db, actor, cohort, tampered, preview.ok ? preview.hash : "")).toEqual({
      ok: false,
      error: { key: "import.error.changed" },
    });
    expect(enrolledCount(cohort.id)).toBe(0);
  });

  it("writes nothing when any write fails: the whole import is one transaction", () => {
    const db = getDb();
    const { cohort } = setup();
    const id = unique();
    const file = utf8(`P${id},甲,p${id}@example.edu\nQ${id},乙,q${id}@example.edu\n`);
    const preview = previewImport(db, cohort, file);
    if (!preview.ok) throw new Error("preview refused");
    // Another writer takes the second email between preview and apply, in a way the plan cannot see
    // (a trigger refusing the insert), so the second insert fails after the first succeeded.
    db.run(
      sql.raw(
        `CREATE TEMP TRIGGER refuse_q${n} BEFORE INSERT ON users WHEN NEW.email = 'q${id}@example.edu'
         BEGIN SELECT RAISE(ABORT, 'refused'); END`,
      ),
    );
    expect(() => applyImport(db, actor, cohort, file, preview.hash)).toThrow(/refused/);
    expect(
      db
        .select()
        .from(users)
        .where(eq(users.email, `p${id}@example.edu`))
        .get(),
    ).toBeUndefined();
    expect(enrolledCount(cohort.id)).toBe(0);
  });

  it("refuses malformed files, more than the row limit, and UTF-16, naming the line and writing nothing", () => {
    const db = getDb();
    const { cohort } = setup();
    const rows = Array.from(
      { length: IMPORT_MAX_ROWS + 1 },
      (_, i) => `S${i},学生${i},s${i}-${unique()}@example.edu`,
    );
    const big = previewImport(db, cohort, utf8(["学号,姓名,邮箱", ...rows].join("\n")));
    expect(big).toEqual({
      ok: false,
      error: { key: "import.error.tooManyRows", params: { max: IMPORT_MAX_ROWS, line: IMPORT_MAX_ROWS + 2 } },
    });
    expect(
      previewImport(db, cohort, utf8('学号,姓名,邮箱\n1,"王,x@example.edu\n2,李,y@example.edu\n')),
    ).toMatchObject({
      ok: false,
      error: { key: "import.error.malformed", params: { line: 3 } },
    });
    expect(previewImport(db, cohort, utf8("学号,姓名\n1,王\n"))).toMatchObject({
      error: { key: "import.error.header", params: { line: 1 } },
    });
    expect(previewImport(db, cohort, new Uint8Array([0xff, 0xfe, 0x41, 0]))).toMatchObject({
      error: { key: "import.error.utf16" },
    });
    expect(previewImport(db, cohort, new Uint8Array(0))).toMatchObject({
      error: { key: "import.error.empty" },
    });
    expect(enrolledCount(cohort.id)).toBe(0);
  });
});
