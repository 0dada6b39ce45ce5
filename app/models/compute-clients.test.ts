import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { computeClientKeys } from "~db/schema";
import { eq } from "drizzle-orm";
import {
  ROTATION_OVERLAP_MS,
  UnknownClientError,
  createComputeClient,
  revokeComputeClient,
  rotateComputeClient,
  signingSecrets,
} from "./compute-clients.server";

const cli = { id: null, label: "cli" };

describe("compute-center clients", () => {
  it("stores the secret sealed, never as written, and gives it back for signing", () => {
    const { clientId, secret } = createComputeClient(getDb(), cli, "Center A");
    expect(clientId).toMatch(/^cc_[0-9a-f]{20}$/);
    expect(secret).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    const stored = getDb()
      .select()
      .from(computeClientKeys)
      .where(eq(computeClientKeys.clientId, clientId))
      .all();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.secretEncrypted).not.toContain(secret.slice(3, 20));
    expect(signingSecrets(getDb(), clientId)).toEqual([secret]);
  });

  it("keeps the old secret during the rotation overlap only, and a second rotation does not extend it", () => {
    const now = Date.now();
    const { clientId, secret: first } = createComputeClient(getDb(), cli, "Center B");
    const { secret: second, overlapUntil } = rotateComputeClient(getDb(), cli, clientId, now);
    expect(overlapUntil.getTime()).toBe(now + ROTATION_OVERLAP_MS);
    expect(signingSecrets(getDb(), clientId, now + 1).sort()).toEqual([first, second].sort());
    const { secret: third } = rotateComputeClient(getDb(), cli, clientId, now + 1000);
    expect(signingSecrets(getDb(), clientId, now + ROTATION_OVERLAP_MS - 1).sort()).toEqual(
      [first, second, third].sort(),
    );
    expect(signingSecrets(getDb(), clientId, now + ROTATION_OVERLAP_MS).sort()).toEqual(
      [second, third].sort(),
    );
    expect(signingSecrets(getDb(), clientId, now + 1000 + ROTATION_OVERLAP_MS)).toEqual([third]);
  });

  it("revokes every secret at once and refuses to touch unknown or revoked clients", () => {
    const { clientId } = createComputeClient(getDb(), cli, "Center C");
    revokeComputeClient(getDb(), cli, clientId);
    expect(signingSecrets(getDb(), clientId)).toEqual([]);
    expect(() => revokeComputeClient(getDb(), cli, clientId)).toThrow(UnknownClientError);
    expect(() => rotateComputeClient(getDb(), cli, clientId)).toThrow(UnknownClientError);
    expect(() => rotateComputeClient(getDb(), cli, "cc_nobody")).toThrow(UnknownClientError);
    expect(signingSecrets(getDb(), "cc_nobody")).toEqual([]);
  });
});
