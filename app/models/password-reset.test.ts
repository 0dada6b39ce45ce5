import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { passwordResetTokens, sessions } from "~db/schema";
import { verifyPassword } from "~/auth/password.server";
import { hashToken } from "~/auth/session.server";
import { createTestUser, sessionCookieFor } from "../../test/support/factories";
import { createStaffAccount } from "./accounts.server";
import { RESET_TTL_MS, consumeResetToken, createResetToken, findResetTarget } from "./password-reset.server";
import { NO_PASSWORD, getUser } from "./users.server";

const admin = { id: null, label: "admin@test" };

describe("password reset links", () => {
  it("are stored hashed, work once, and end every session", async () => {
    const db = getDb();
    const user = await createTestUser();
    await sessionCookieFor(user.id);
    const token = createResetToken(db, admin, user.id);
    const stored = db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id)).get();
    expect(stored?.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(findResetTarget(db, token)?.email).toBe(user.email);

    expect(consumeResetToken(db, token, "new-hash")).toBe(true);
    expect(getUser(db, user.id)?.passwordHash).toBe("new-hash");
    expect(db.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(0);
    expect(consumeResetToken(db, token, "again")).toBe(false);
    expect(findResetTarget(db, token)).toBeNull();
  });

  it("expire after one hour", async () => {
    const db = getDb();
    const user = await createTestUser();
    const issued = Date.now();
    const token = createResetToken(db, admin, user.id, issued);
    expect(findResetTarget(db, token, issued + RESET_TTL_MS - 1000)).not.toBeNull();
    expect(findResetTarget(db, token, issued + RESET_TTL_MS + 1000)).toBeNull();
    expect(consumeResetToken(db, token, "late", issued + RESET_TTL_MS + 1000)).toBe(false);
  });

  it("replace earlier links for the same person", async () => {
    const db = getDb();
    const user = await createTestUser();
    const first = createResetToken(db, admin, user.id);
    const second = createResetToken(db, admin, user.id);
    expect(findResetTarget(db, first)).toBeNull();
    expect(findResetTarget(db, second)).not.toBeNull();
  });

  it("reject malformed tokens", () => {
    expect(findResetTarget(getDb(), "../../etc/passwd")).toBeNull();
    expect(findResetTarget(getDb(), "")).toBeNull();
  });
});

describe("staff accounts", () => {
  it("start without a usable password and come with a reset link, audited", async () => {
    const db = getDb();
    const { user, token } = createStaffAccount(db, admin, {
      email: "new.teacher@test.example.edu",
      name: "New Teacher",
      role: "teacher",
      universityId: null,
    });
    expect(user.passwordHash).toBe(NO_PASSWORD);
    expect(await verifyPassword(user.passwordHash, "anything at all")).toBe(false);
    expect(findResetTarget(db, token)?.userId).toBe(user.id);
    const { listAuditEvents } = await import("./audit.server");
    const actions = listAuditEvents(db, {})
      .rows.filter((r) => r.targetId === String(user.id))
      .map((r) => r.action);
    expect(actions.sort()).toEqual(["user.create", "user.reset-link"]);
  });

  it("write nothing when the email is taken", async () => {
    const db = getDb();
    await createTestUser({ email: "taken@test.example.edu" });
    const before = db.select().from(passwordResetTokens).all().length;
    expect(() =>
      createStaffAccount(db, admin, {
        email: "taken@test.example.edu",
        name: "X",
        role: "admin",
        universityId: null,
      }),
    ).toThrow();
    expect(db.select().from(passwordResetTokens).all().length).toBe(before);
  });
});
