import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { createTestPool } from "../../test/support/compute";
import { createTestUser } from "../../test/support/factories";
import { labBalances } from "./lab-balance.server";
import { credit, ensureAccount } from "./ledger.server";

const DAY = 24 * 60 * 60 * 1000;

describe("lab balances", () => {
  it("gives the reader's spendable minutes per pool slug, leaving out lots past expiry and other people", async () => {
    const db = getDb();
    const now = Date.now();
    const [me, other] = [await createTestUser(), await createTestUser()];
    const [a, b] = [createTestPool(), createTestPool()];
    const give = (userId: number, poolId: number, minutes: number, expiresAt: number) =>
      credit(db, {
        accountId: ensureAccount(db, userId, poolId).id,
        minutes,
        kind: "grant",
        reference: "grant:test",
        idempotencyKey: `lab:${userId}:${poolId}:${minutes}:${expiresAt}`,
        expiresAt: new Date(expiresAt),
        now: now - 2 * DAY,
      });
    give(me.id, a.id, 60, now + DAY);
    give(me.id, a.id, 30, now - DAY); // expired, its expire entry not yet written
    give(me.id, b.id, 15, now + DAY);
    give(other.id, a.id, 999, now + DAY);
    const mine = labBalances(db, me.id, now);
    expect({ ...mine }).toEqual({ [a.slug]: 60, [b.slug]: 15 });
    expect(Object.getPrototypeOf(mine)).toBeNull();
    expect({ ...labBalances(db, (await createTestUser()).id, now) }).toEqual({});
  });
});
