import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { createTestUser, TEST_PASSWORD } from "../../test/support/factories";
import { LoginError, signIn } from "./login.server";
import { THROTTLE, checkThrottle, emailDelayMs, recordLoginFailure } from "./throttle.server";

function loginRequest(email: string, password: string) {
  return new Request("http://localhost/login", {
    method: "POST",
    body: new URLSearchParams({ email, password }),
  });
}

async function attempt(email: string, password: string, ip = "10.0.0.1") {
  try {
    return await signIn(loginRequest(email, password), ip);
  } catch (error) {
    if (error instanceof LoginError) return error;
    throw error;
  }
}

describe("sign-in", () => {
  it("signs in with a normalised email and the right password", async () => {
    const user = await createTestUser({ email: "maria.chen@test.example.edu" });
    const result = await attempt("  Maria.Chen@Test.Example.EDU ", TEST_PASSWORD);
    expect(result).toMatchObject({ id: user.id, email: user.email });
  });

  it("gives unknown emails and wrong passwords the same answer", async () => {
    await createTestUser({ email: "known@test.example.edu" });
    const wrong = await attempt("known@test.example.edu", "not the password");
    const unknown = await attempt("nobody@test.example.edu", "not the password");
    expect(wrong).toBeInstanceOf(LoginError);
    expect(unknown).toBeInstanceOf(LoginError);
    expect((wrong as LoginError).reason).toBe("invalid");
    expect((unknown as LoginError).reason).toBe("invalid");
  });

  it("refuses accounts that have no password yet like wrong passwords", async () => {
    const { createUser } = await import("~/models/users.server");
    createUser(
      getDb(),
      { id: null, label: "test" },
      { email: "nopass@test.example.edu", name: "No Password", role: "teacher", universityId: null },
    );
    const result = (await attempt("nopass@test.example.edu", "!unset")) as LoginError;
    expect(result.reason).toBe("invalid");
  });

  it("refuses disabled accounts like wrong passwords", async () => {
    const user = await createTestUser({ email: "gone@test.example.edu" });
    const { setUserDisabled } = await import("~/models/users.server");
    setUserDisabled(getDb(), { id: null, label: "test" }, user.id, true);
    expect(((await attempt("gone@test.example.edu", TEST_PASSWORD)) as LoginError).reason).toBe("invalid");
  });

  it("locks one address out of one email after 10 failures, while the owner signs in from another address", async () => {
    await createTestUser({ email: "target@test.example.edu" });
    for (let i = 0; i < THROTTLE.perPair; i++) {
      expect(
        ((await attempt("target@test.example.edu", `guess ${i}`, "10.1.0.1")) as LoginError).reason,
      ).toBe("invalid");
    }
    const blocked = (await attempt("target@test.example.edu", TEST_PASSWORD, "10.1.0.1")) as LoginError;
    expect(blocked.reason).toBe("throttled");
    expect(blocked.detail.throttle?.kind).toBe("locked");
    const wait = (blocked.detail.throttle?.retryAt.getTime() ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(THROTTLE.windowMs - 60_000);
    expect(wait).toBeLessThanOrEqual(THROTTLE.windowMs);
    expect(await attempt("target@test.example.edu", TEST_PASSWORD, "10.1.0.2")).toMatchObject({
      email: "target@test.example.edu",
    });
  });

  it("slows an email guessed from many addresses with a growing delay, never a lockout", () => {
    const db = getDb();
    const email = "popular@test.example.edu";
    const now = Date.now();
    for (let i = 0; i < THROTTLE.perEmailFree; i++) recordLoginFailure(db, email, `10.2.${i}.1`, now - 1000);
    // Up to the free allowance nothing waits.
    expect(checkThrottle(db, email, "10.2.200.1", now)).toBeNull();
    recordLoginFailure(db, email, "10.2.100.1", now);
    const first = checkThrottle(db, email, "10.2.200.1", now);
    expect(first?.kind).toBe("slowed");
    expect(first?.retryAt.getTime()).toBe(now + emailDelayMs(THROTTLE.perEmailFree + 1));
    for (let i = 0; i < 30; i++) recordLoginFailure(db, email, `10.3.${i}.1`, now);
    const later = checkThrottle(db, email, "10.2.200.1", now);
    // The delay grows, but is capped: the owner waits at most a minute, never the whole window.
    expect(later?.retryAt.getTime()).toBe(now + THROTTLE.emailDelayMaxMs);
    expect(emailDelayMs(THROTTLE.perEmailFree + 2)).toBeGreaterThan(emailDelayMs(THROTTLE.perEmailFree + 1));
    expect(checkThrottle(db, email, "10.2.200.1", now + THROTTLE.emailDelayMaxMs)).toBeNull();
  });

  it("locks one client address after its limit across emails; other addresses carry on", () => {
    const db = getDb();
    const now = Date.now();
    for (let i = 0; i < THROTTLE.perAddress; i++)
      recordLoginFailure(db, `spray${i}@test.example.edu`, "10.66.0.1", now - i * 100);
    expect(checkThrottle(db, "fresh@test.example.edu", "10.66.0.1", now)?.kind).toBe("locked");
    expect(checkThrottle(db, "fresh@test.example.edu", "10.66.0.2", now)).toBeNull();
    // The window slides: once the limit-th most recent failure leaves it, the address is free again.
    expect(checkThrottle(db, "fresh@test.example.edu", "10.66.0.1", now + THROTTLE.windowMs)).toBeNull();
  });

  it("lets a lecture hall of 300 students behind one NAT address sign in, typos included", () => {
    const db = getDb();
    const now = Date.now();
    const nat = "10.77.0.1";
    // Every student mistypes twice, some three times, all within a few minutes.
    for (let i = 0; i < 300; i++) {
      const typos = i % 5 === 0 ? 3 : 2;
      for (let k = 0; k < typos; k++)
        recordLoginFailure(db, `hall${i}@test.example.edu`, nat, now - k * 1000);
    }
    for (let i = 0; i < 300; i++) expect(checkThrottle(db, `hall${i}@test.example.edu`, nat, now)).toBeNull();
  });

  it("rejects malformed input with field errors and no failure recorded", async () => {
    const result = (await attempt("not-an-email", "")) as LoginError;
    expect(result.reason).toBe("validation");
    expect(Object.keys(result.detail.fieldErrors ?? {}).sort()).toEqual(["email", "password"]);
  });
});
