import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { createTestUser } from "../../test/support/factories";
import { AUDIT_PAGE_SIZE, listAuditActions, listAuditEvents, recordAudit } from "./audit.server";
import { auditPage, fieldChanges } from "./audit-view.server";
import { createStaffAccount } from "./accounts.server";
import {
  DuplicateCodeError,
  createUniversity,
  listUniversities,
  updateUniversity,
} from "./universities.server";
import {
  SelfChangeError,
  UnknownUniversityError,
  changeUserRole,
  getUser,
  searchUsers,
  setUserDisabled,
} from "./users.server";

describe("universities", () => {
  it("are created and edited with an audit trail of before and after", async () => {
    const db = getDb();
    const admin = await createTestUser({ role: "admin", email: "auditor@test.example.edu" });
    const actor = { id: admin.id, label: admin.email, requestId: "req-1" };
    const uni = createUniversity(db, actor, {
      code: "HUST",
      nameZh: "华中科技大学",
      nameEn: "Huazhong University of Science and Technology",
    });
    updateUniversity(db, actor, uni.id, { code: "HUST", nameZh: "华中科技大学", nameEn: "HUST" });
    const events = listAuditEvents(db, { actorEmail: admin.email }).rows;
    expect(events.map((e) => e.action)).toEqual(["university.update", "university.create"]);
    expect(events[0]?.before).toMatchObject({ nameEn: "Huazhong University of Science and Technology" });
    expect(events[0]?.after).toMatchObject({ nameEn: "HUST" });
    expect(events[0]?.requestId).toBe("req-1");
    expect(listAuditActions(db)).toEqual(expect.arrayContaining(["university.create", "university.update"]));
  });

  it("refuse a duplicate code and write nothing", () => {
    const db = getDb();
    const actor = { id: null, label: "cli" };
    createUniversity(db, actor, {
      code: "WUT",
      nameZh: "武汉理工大学",
      nameEn: "Wuhan University of Technology",
    });
    const before = listAuditEvents(db, {}).total;
    expect(() => createUniversity(db, actor, { code: "WUT", nameZh: "x", nameEn: "y" })).toThrow(
      DuplicateCodeError,
    );
    expect(listAuditEvents(db, {}).total).toBe(before);
    expect(listUniversities(db, { q: "wut" }).rows.map((u) => u.code)).toEqual(["WUT"]);
  });
});

describe("users", () => {
  it("are searched by email, name or student number and paged by 50", async () => {
    const db = getDb();
    for (let i = 0; i < 55; i++)
      await createTestUser({ email: `pager${i}@paging.example.edu`, name: `Pager ${i}` });
    const first = searchUsers(db, { q: "@paging.example", page: 1 });
    expect(first.total).toBe(55);
    expect(first.rows).toHaveLength(50);
    expect(first.pages).toBe(2);
    expect(searchUsers(db, { q: "@paging.example", page: 2 }).rows).toHaveLength(5);
    expect(searchUsers(db, { q: "Pager 42" }).rows.map((r) => r.email)).toEqual([
      "pager42@paging.example.edu",
    ]);
  });

  it("LIKE wildcards are literal: an underscore finds the address with one, not any character", async () => {
    const db = getDb();
    await createTestUser({ email: "john_doe@wild.example.edu", name: "John Doe" });
    await createTestUser({ email: "johnxdoe@wild.example.edu", name: "John X" });
    await createTestUser({ email: "pct@wild.example.edu", name: "100% sure" });
    expect(searchUsers(db, { q: "john_doe" }).rows.map((r) => r.email)).toEqual([
      "john_doe@wild.example.edu",
    ]);
    expect(searchUsers(db, { q: "JOHN_DOE@WILD" }).total).toBe(1);
    expect(searchUsers(db, { q: "100%" }).rows.map((r) => r.email)).toEqual(["pct@wild.example.edu"]);
    expect(searchUsers(db, { q: "0% s" }).total).toBe(1);
    expect(searchUsers(db, { q: "%" }).rows.map((r) => r.email)).toEqual(["pct@wild.example.edu"]);
    expect(searchUsers(db, { q: "\\" }).total).toBe(0);
    createUniversity(
      db,
      { id: null, label: "t" },
      { code: "U_X", nameZh: "下划线大学", nameEn: "Under_score U" },
    );
    expect(listUniversities(db, { q: "_" }).rows.map((u) => u.code)).toEqual(["U_X"]);
  });

  it("clamps a page past the end to the last page", async () => {
    const db = getDb();
    await createTestUser({ email: "clamp@clamp.example.edu" });
    const result = searchUsers(db, { q: "@clamp.example", page: 999 });
    expect(result).toMatchObject({ page: 1, pages: 1, total: 1 });
    expect(result.rows).toHaveLength(1);
  });

  it("record disable, re-enable and role changes", async () => {
    const db = getDb();
    const user = await createTestUser({ role: "teacher" });
    const actor = { id: null, label: "admin" };
    setUserDisabled(db, actor, user.id, true);
    setUserDisabled(db, actor, user.id, false);
    changeUserRole(db, actor, user.id, "admin");
    const events = listAuditEvents(db, {}).rows.filter((e) => e.targetId === String(user.id));
    expect(events.map((e) => e.action)).toEqual(["user.role", "user.enable", "user.disable"]);
    expect(events[0]?.after).toMatchObject({ role: "admin" });
  });
});

describe("rules the CLI and the pages share", () => {
  it("nobody disables or re-roles themselves, and nothing is written when they try", async () => {
    const db = getDb();
    const admin = await createTestUser({ role: "admin" });
    const actor = { id: admin.id, label: admin.email };
    expect(() => setUserDisabled(db, actor, admin.id, true)).toThrow(SelfChangeError);
    expect(() => changeUserRole(db, actor, admin.id, "student")).toThrow(SelfChangeError);
    expect(getUser(db, admin.id)).toMatchObject({ role: "admin", disabledAt: null });
  });

  it("a staff account names an existing university or none", async () => {
    const db = getDb();
    const actor = { id: null, label: "cli" };
    const before = listAuditEvents(db, {}).total;
    expect(() =>
      createStaffAccount(db, actor, {
        email: "nouni@test.example.edu",
        name: "No Uni",
        role: "teacher",
        universityId: 999_999,
      }),
    ).toThrow(UnknownUniversityError);
    expect(listAuditEvents(db, {}).total).toBe(before);
  });
});

describe("the audit log for people", () => {
  it("names targets by name and email and lists only the fields that changed", async () => {
    const db = getDb();
    const admin = await createTestUser({ role: "admin", email: "readable@test.example.edu" });
    const actor = { id: admin.id, label: admin.email };
    const user = await createTestUser({ role: "student", name: "王芳", email: "wang.fang@test.example.edu" });
    changeUserRole(db, actor, user.id, "teacher");
    const uni = createUniversity(db, actor, {
      code: "CUG",
      nameZh: "中国地质大学",
      nameEn: "China University of Geosciences",
    });
    const rows = auditPage(db, { actorEmail: admin.email }).rows;
    expect(rows[1]).toMatchObject({
      action: "user.role",
      target: { kind: "user", name: "王芳", email: "wang.fang@test.example.edu" },
      changes: [{ field: "role", before: "student", after: "teacher" }],
    });
    expect(rows[0]).toMatchObject({
      action: "university.create",
      target: { kind: "university", code: "CUG", nameZh: "中国地质大学" },
    });
    expect(rows[0]?.changes.map((c) => c.field)).toEqual(["code", "nameZh", "nameEn"]);
    expect(rows[0]?.changes[0]).toEqual({ field: "code", after: "CUG" });
    expect(uni.id).toBeGreaterThan(0);
  });

  it("resolves universities named in changes", async () => {
    const db = getDb();
    const uni = createUniversity(
      db,
      { id: null, label: "t" },
      { code: "ZNUFE", nameZh: "中南财经政法大学", nameEn: "Zhongnan University of Economics and Law" },
    );
    const { user } = createStaffAccount(
      db,
      { id: null, label: "cli-resolve" },
      {
        email: "resolve@test.example.edu",
        name: "Resolve",
        role: "teacher",
        universityId: uni.id,
      },
    );
    const page = auditPage(db, { action: "user.create" });
    const row = page.rows.find((r) => r.target.kind === "user" && r.target.id === String(user.id));
    expect(row?.changes).toContainEqual({ field: "universityId", after: uni.id });
    expect(page.universities).toContainEqual(expect.objectContaining({ id: uni.id, code: "ZNUFE" }));
  });

  it("keeps only differing fields on updates and everything on creation", () => {
    expect(fieldChanges({ email: "a", disabled: false }, { email: "a", disabled: true })).toEqual([
      { field: "disabled", before: false, after: true },
    ]);
    expect(fieldChanges(null, { name: "x" })).toEqual([{ field: "name", after: "x" }]);
    expect(fieldChanges(null, null)).toEqual([]);
  });

  it("clamps the page like every other list", () => {
    const db = getDb();
    for (let i = 0; i < 3; i++)
      recordAudit(db, { id: null, label: "pager" }, { action: "test.clamp", targetType: "none" });
    const result = listAuditEvents(db, { action: "test.clamp", page: 50 });
    expect(result).toMatchObject({ page: 1, pages: 1, total: 3 });
    expect(result.rows).toHaveLength(3);
    expect(AUDIT_PAGE_SIZE).toBe(50);
  });
});
