import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { type Db, type Tx, perConnection } from "~db/client.server";
import { computeClientKeys, computeClients } from "~db/schema";
import { openSecret, sealSecret } from "~/api/compute/secret-box.server";
import { type Actor, recordAudit } from "./audit.server";

/**
 * The compute center's programs that call /api/compute/v1: each has a public
 * id and its own secret (docs/api/compute-v1.md, "Keys"). Secrets are shown
 * once, when made; every change is audited in the same transaction.
 */

/** How long the old secret keeps working after a rotation, so the center can redeploy. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
export const CLIENT_NAME_MAX = 100;

export class UnknownClientError extends Error {
  constructor(id: string) {
    super(`No compute client with id ${id}.`);
    this.name = "UnknownClientError";
  }
}

function newClientId(): string {
  return `cc_${randomBytes(10).toString("hex")}`;
}

function newSecret(): string {
  // 256 random bits; the prefix makes a leaked secret recognisable in logs and scans.
  return `cs_${randomBytes(32).toString("base64url")}`;
}

export function createComputeClient(db: Db, actor: Actor, name: string) {
  const id = newClientId();
  const secret = newSecret();
  db.transaction(
    (tx) => {
      tx.insert(computeClients).values({ id, name }).run();
      tx.insert(computeClientKeys)
        .values({ clientId: id, secretEncrypted: sealSecret(secret) })
        .run();
      recordAudit(tx, actor, {
        action: "compute-client.create",
        targetType: "compute_client",
        targetId: id,
        after: { name },
      });
    },
    { behavior: "immediate" },
  );
  return { clientId: id, secret };
}

function activeClient(tx: Tx, id: string) {
  const client = tx.select().from(computeClients).where(eq(computeClients.id, id)).get();
  if (client?.status !== "active") throw new UnknownClientError(id);
  return client;
}

/** A revoked client is refused at once, on every server process (nothing is cached). */
export function revokeComputeClient(db: Db, actor: Actor, id: string, now = Date.now()) {
  db.transaction(
    (tx) => {
      activeClient(tx, id);
      tx.update(computeClients)
        .set({ status: "revoked", revokedAt: new Date(now) })
        .where(eq(computeClients.id, id))
        .run();
      tx.update(computeClientKeys)
        .set({ revokedAt: new Date(now) })
        .where(and(eq(computeClientKeys.clientId, id), isNull(computeClientKeys.revokedAt)))
        .run();
      recordAudit(tx, actor, {
        action: "compute-client.revoke",
        targetType: "compute_client",
        targetId: id,
        before: { status: "active" },
        after: { status: "revoked" },
      });
    },
    { behavior: "immediate" },
  );
}

/** A new secret; the ones in use now stay valid until `overlapUntil` (never extended by a second rotation). */
export function rotateComputeClient(db: Db, actor: Actor, id: string, now = Date.now()) {
  const secret = newSecret();
  const overlapUntil = new Date(now + ROTATION_OVERLAP_MS);
  db.transaction(
    (tx) => {
      activeClient(tx, id);
      tx.update(computeClientKeys)
        .set({ notAfter: overlapUntil })
        .where(
          and(
            eq(computeClientKeys.clientId, id),
            isNull(computeClientKeys.revokedAt),
            isNull(computeClientKeys.notAfter),
          ),
        )
        .run();
      tx.insert(computeClientKeys)
        .values({ clientId: id, secretEncrypted: sealSecret(secret) })
        .run();
      recordAudit(tx, actor, {
        action: "compute-client.rotate",
        targetType: "compute_client",
        targetId: id,
        after: { oldSecretsValidUntil: overlapUntil.toISOString() },
      });
    },
    { behavior: "immediate" },
  );
  return { secret, overlapUntil };
}

// Asked on every signed request: built once per connection.
const keysStatement = perConnection((db) =>
  db
    .select({ sealed: computeClientKeys.secretEncrypted })
    .from(computeClientKeys)
    .innerJoin(computeClients, eq(computeClients.id, computeClientKeys.clientId))
    .where(
      and(
        eq(computeClientKeys.clientId, sql.placeholder("clientId")),
        eq(computeClients.status, "active"),
        isNull(computeClientKeys.revokedAt),
        or(isNull(computeClientKeys.notAfter), gt(computeClientKeys.notAfter, sql.placeholder("now"))),
      ),
    )
    .prepare(),
);

/** The secrets a client may sign with now; empty when it is unknown or revoked. */
export function signingSecrets(tx: Tx, clientId: string, now = Date.now()): string[] {
  return keysStatement(tx)
    .all({ clientId, now })
    .map((r) => openSecret(r.sealed))
    .filter((s): s is string => s !== null);
}
