import { describe, expect, it } from "vitest";
import { newNonce } from "./http.server";

describe("newNonce", () => {
  it("gives every response its own 16 random bytes, across many draws of the pool", () => {
    const nonces = Array.from({ length: 1_000 }, () => newNonce());
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
