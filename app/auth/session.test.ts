import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { sessions } from "~db/schema";
import { changeUserRole, setUserDisabled } from "~/models/users.server";
import { createTestUser, sessionCookieFor } from "../../test/support/factories";
import { requireUser } from "./permissions.server";
import {
  ABSOLUTE_TIMEOUT_MS,
  IDLE_TIMEOUT_MS,
  createSession,
  destroySession,
  getViewer,
  hashToken,
} from "./session.server";

const actor = { id: null, label: "test" };
const request = (cookie?: string, method = "GET") =>
  new Request("http://localhost/account", { method, headers: cookie ? { Cookie: cookie } : {} });

describe("sessions", () => {
  it("stores only a hash of the random id and finds the user by cookie", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const rawId = decodeURIComponent(cookie.split("=")[1] ?? "");
    const rows = getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.idHash).not.toContain(rawId.slice(0, 10));
    expect((await getViewer(request(cookie)))?.id).toBe(user.id);
  });

  it("gives a new id at every sign-in", async () => {
    const user = await createTestUser();
    const a = await sessionCookieFor(user.id);
    const b = await sessionCookieFor(user.id);
    expect(a).not.toBe(b);
  });

  it("treats a tampered cookie as signed out", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const tampered = `${cookie.slice(0, -3)}abc`;
    expect(await getViewer(request(tampered))).toBeNull();
    expect(await getViewer(request("ta_session=garbage"))).toBeNull();
  });

  it("expires after 7 idle days and after 30 days in all", async () => {
    const db = getDb();
    const idle = await createTestUser();
    const idleCookie = await sessionCookieFor(idle.id);
    db.update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) })
      .where(eq(sessions.userId, idle.id))
      .run();
    expect(await getViewer(request(idleCookie))).toBeNull();
    expect(db.select().from(sessions).where(eq(sessions.userId, idle.id)).all()).toHaveLength(0);

    const old = await createTestUser();
    const oldCookie = await sessionCookieFor(old.id);
    db.update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000), lastSeenAt: new Date() })
      .where(eq(sessions.userId, old.id))
      .run();
    expect(await getViewer(request(oldCookie))).toBeNull();
    expect(ABSOLUTE_TIMEOUT_MS).toBe(30 * 24 * 60 * 60 * 1000);
  });

  it("ends at sign-out", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const cleared = await destroySession(request(cookie));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);
    expect(await getViewer(request(cookie))).toBeNull();
  });

  it("dies on the very next request when the user is disabled or their role changes", async () => {
    const db = getDb();
    const student = await createTestUser();
    const cookie = await sessionCookieFor(student.id);
    setUserDisabled(db, actor, student.id, true);
    expect(await getViewer(request(cookie))).toBeNull();

    const teacher = await createTestUser({ role: "teacher" });
    const teacherCookie = await sessionCookieFor(teacher.id);
    changeUserRole(db, actor, teacher.id, "student");
    expect(await getViewer(request(teacherCookie))).toBeNull();
  });

  it("sets HttpOnly, SameSite=Lax and (in production) Secure", async () => {
    const user = await createTestUser();
    const header = await createSession(new Request("http://localhost/"), user.id);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).not.toMatch(/Secure/);
    const https = await createSession(new Request("https://talent.example/"), user.id);
    expect(https).toMatch(/Secure/);
    process.env.APP_MODE = "production";
    try {
      expect(await createSession(new Request("http://localhost/"), user.id)).toMatch(/Secure/);
    } finally {
      process.env.APP_MODE = "test";
    }
  });

  it("hashes tokens with SHA-256", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("requireUser", () => {
  it("sends visitors to sign-in with the way back, and answers 401 to their posts", async () => {
    const redirect = await requireUser(request()).catch((r: Response) => r);
    expect(redirect).toBeInstanceOf(Response);
    expect((redirect as Response).status).toBe(302);
    expect((redirect as Response).headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    const post = await requireUser(request(undefined, "POST")).catch((r: Response) => r);
    expect((post as Response).status).toBe(401);
  });

  it("answers 403 naming the roles that may open the page, never the permission id", async () => {
    const student = await createTestUser();
    const cookie = await sessionCookieFor(student.id);
    const byPermission = (await requireUser(request(cookie), { permission: "admin:users" }).catch(
      (r) => r,
    )) as Response;
    expect(byPermission.status).toBe(403);
    expect(await byPermission.json()).toEqual({ forbidden: true, roles: ["admin"] });
    const byRole = (await requireUser(request(cookie), { role: "teacher" }).catch((r) => r)) as Response;
    expect(await byRole.json()).toEqual({ forbidden: true, roles: ["teacher"] });
    expect((await requireUser(request(cookie), { permission: "learn" })).id).toBe(student.id);
  });
});
