import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { createTestUser } from "../../test/support/factories";
import { listAuditActions, listAuditEvents } from "./audit.server";
import {
  DuplicateCodeError,
  createUniversity,
  listUniversities,
  updateUniversity,
} from "./universities.server";
import { changeUserRole, searchUsers, setUserDisabled } from "./users.server";

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
    // LIKE wildcards in the query are literal.
    expect(searchUsers(db, { q: "%" }).total).toBe(0);
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
