import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { createTestUser, TEST_PASSWORD } from "../../test/support/factories";
import { LoginError, signIn } from "./login.server";
import {
  MAX_FAILURES_PER_EMAIL,
  MAX_FAILURES_PER_IP,
  THROTTLE_WINDOW_MS,
  recordLoginFailure,
  throttledUntil,
} from "./throttle.server";

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

  it("spends comparable time on unknown and known emails", async () => {
    await createTestUser({ email: "timing@test.example.edu" });
    const time = async (email: string) => {
      const start = performance.now();
      await attempt(email, "wrong password here", `10.9.${Math.random()}`);
      return performance.now() - start;
    };
    await time("warmup@test.example.edu");
    const known = await time("timing@test.example.edu");
    const unknown = await time("unknown-timing@test.example.edu");
    // Both pay for one argon2id verification; an unknown email must not answer instantly.
    expect(unknown).toBeGreaterThan(known * 0.3);
  });

  it("refuses disabled accounts like wrong passwords", async () => {
    const user = await createTestUser({ email: "gone@test.example.edu" });
    const { setUserDisabled } = await import("~/models/users.server");
    setUserDisabled(getDb(), { id: null, label: "test" }, user.id, true);
    expect(((await attempt("gone@test.example.edu", TEST_PASSWORD)) as LoginError).reason).toBe("invalid");
  });

  it("throttles after 10 failures for one email, even with the right password, and says until when", async () => {
    await createTestUser({ email: "target@test.example.edu" });
    for (let i = 0; i < MAX_FAILURES_PER_EMAIL; i++) {
      expect(
        ((await attempt("target@test.example.edu", `guess ${i}`, `10.1.0.${i}`)) as LoginError).reason,
      ).toBe("invalid");
    }
    const blocked = (await attempt("target@test.example.edu", TEST_PASSWORD, "10.1.1.1")) as LoginError;
    expect(blocked.reason).toBe("throttled");
    const wait = (blocked.detail.retryAt?.getTime() ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(THROTTLE_WINDOW_MS - 60_000);
    expect(wait).toBeLessThanOrEqual(THROTTLE_WINDOW_MS);
  });

  it("throttles one client address after 50 failures across emails", () => {
    const db = getDb();
    const now = Date.now();
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++)
      recordLoginFailure(db, `spray${i}@test.example.edu`, "10.66.0.1", now - i * 1000);
    expect(throttledUntil(db, "fresh@test.example.edu", "10.66.0.1", now)).not.toBeNull();
    expect(throttledUntil(db, "fresh@test.example.edu", "10.66.0.2", now)).toBeNull();
    // The window slides: 15 minutes after the 50th most recent failure the address is free again.
    expect(throttledUntil(db, "fresh@test.example.edu", "10.66.0.1", now + THROTTLE_WINDOW_MS)).toBeNull();
  });

  it("rejects malformed input with field errors and no failure recorded", async () => {
    const result = (await attempt("not-an-email", "")) as LoginError;
    expect(result.reason).toBe("validation");
    expect(Object.keys(result.detail.fieldErrors ?? {}).sort()).toEqual(["email", "password"]);
  });
});
