import { createComputeClient } from "~/models/compute-clients.server";
import { credit, ensureAccount, ensureHandle } from "~/models/ledger.server";
import type { Db } from "~db/client.server";
import { ComputeCenterClient } from "../../scripts/compute-center/client";
import { createTestPool } from "./compute";
import { createTestUser } from "./factories";

export { ComputeCenterClient } from "../../scripts/compute-center/client";
export type { ApiAnswer, HoldInput, UsageInput } from "../../scripts/compute-center/client";

let counter = 0;
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** A client (made as the CLI makes it) speaking to `baseUrl`. */
export function createTestClient(db: Db, baseUrl: string, name = "test center") {
  const { clientId, secret } = createComputeClient(db, { id: null, label: "test" }, name);
  return { clientId, secret, client: new ComputeCenterClient({ baseUrl, clientId, secrets: [secret] }) };
}

/** A student with `minutes` in a fresh pool; returns what the center would send. */
export async function createFundedAccount(db: Db, minutes: number) {
  counter += 1;
  const user = await createTestUser({ role: "student" }, db);
  const pool = createTestPool({}, db);
  const account = db.transaction(
    (tx) => {
      const account = ensureAccount(tx, user.id, pool.id);
      credit(tx, {
        accountId: account.id,
        minutes,
        kind: "adjust",
        reference: `test:${counter}`,
        idempotencyKey: `test-fund:${process.pid}:${counter}:${account.id}`,
        expiresAt: new Date(Date.now() + YEAR_MS),
      });
      return account;
    },
    { behavior: "immediate" },
  );
  const handle = db.transaction((tx) => ensureHandle(tx, user.id));
  return { user, pool, accountId: account.id, handle, poolSlug: pool.slug };
}
