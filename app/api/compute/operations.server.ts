import { asc, eq } from "drizzle-orm";
import { type Db, type Tx, durableTransaction, getDb, perConnection } from "~db/client.server";
import { computeAccounts, computeHandles, computeHolds, computePools, computeUsageRecords } from "~db/schema";
import {
  accountByHandle,
  balance,
  expireDue,
  heldMinutes,
  holdByClientId,
  lapseHolds,
  placeHold,
  releaseHold,
  settleHold,
} from "~/models/ledger.server";
import { and, sql } from "drizzle-orm";
import { ApiError, type ApiAnswer, JSON_HEADERS } from "./errors.server";
import { bodyHash, holdBody, releaseBody, usageBody, validate } from "./schemas.server";

/**
 * The four operations of /api/compute/v1 on top of the ledger model. Each
 * write is ONE immediate, durable transaction: the lapse of overdue holds, the
 * operation, and the answer stored for retries commit together or not at all.
 * The answer to a new hold or usage record is stored as the exact text sent,
 * so a retry gets the same bytes.
 */

interface Stored {
  status: number;
  body: string;
}

function json(status: number, body: string): ApiAnswer {
  return { status, body, headers: { ...JSON_HEADERS } };
}

// The stored answers of new holds and usage records, built once per connection.
const p = sql.placeholder;
const statements = perConnection((db) => ({
  holdAnswer: db
    .update(computeHolds)
    .set({ response: sql`${p("response")}` })
    .where(eq(computeHolds.id, p("id")))
    .prepare(),
  usageAnswer: db
    .update(computeUsageRecords)
    .set({ response: sql`${p("response")}` })
    .where(eq(computeUsageRecords.id, p("id")))
    .prepare(),
}));

/** An acknowledged hold or usage record must survive a power cut: commits are fsynced (decision 015). */
function write<T>(db: Db, run: (tx: Tx, now: number) => T): T {
  return durableTransaction(db, (tx) => {
    const now = Date.now();
    lapseHolds(tx, now);
    return run(tx, now);
  });
}

function resolve(tx: Tx, handle: string, pool: string) {
  const found = accountByHandle(tx, handle, pool);
  if (!found.ok) {
    throw found.code === "unknown_account"
      ? new ApiError("unknown_account", "No account has this handle.")
      : new ApiError("unknown_pool", "No pool has this slug.");
  }
  return found;
}

function labelsOf(tx: Tx, accountId: number) {
  return tx
    .select({ account: computeHandles.handle, pool: computePools.slug })
    .from(computeAccounts)
    .innerJoin(computeHandles, eq(computeHandles.userId, computeAccounts.userId))
    .innerJoin(computePools, eq(computePools.id, computeAccounts.poolId))
    .where(eq(computeAccounts.id, accountId))
    .get()!;
}

function holdClosed(status: string) {
  return new ApiError("hold_closed", `The hold is ${status}; it can no longer be used or released.`, {
    holdStatus: status,
  });
}

export function getBalances(handle: string, db: Db = getDb()): ApiAnswer {
  const body = write(db, (tx, now) => {
    const person = tx
      .select({ userId: computeHandles.userId })
      .from(computeHandles)
      .where(eq(computeHandles.handle, handle))
      .get();
    if (!person) throw new ApiError("unknown_account", "No account has this handle.");
    const pools = tx
      .select({ slug: computePools.slug, status: computePools.status, accountId: computeAccounts.id })
      .from(computePools)
      .leftJoin(
        computeAccounts,
        and(eq(computeAccounts.poolId, computePools.id), eq(computeAccounts.userId, person.userId)),
      )
      .orderBy(asc(computePools.slug))
      .all()
      .filter((p) => p.status === "active" || p.accountId !== null);
    return JSON.stringify({
      account: handle,
      pools: pools.map((p) => {
        if (p.accountId !== null) expireDue(tx, now, p.accountId);
        return {
          pool: p.slug,
          balanceMinutes: p.accountId === null ? 0 : balance(tx, p.accountId),
          heldMinutes: p.accountId === null ? 0 : heldMinutes(tx, p.accountId),
        };
      }),
    });
  });
  return json(200, body);
}

export function createHold(clientId: string, raw: unknown, db: Db = getDb()): ApiAnswer {
  const input = validate(holdBody, raw);
  const hash = bodyHash([input.holdId, input.account, input.pool, input.minutes, input.jobId]);
  const answer = write<Stored>(db, (tx, now) => {
    const { account } = resolve(tx, input.account, input.pool);
    if (!account) {
      // Nothing to hold from. A hold with this holdId was for an account that exists: another body.
      if (holdByClientId(tx, clientId, input.holdId)) throw conflict("holdId");
      throw insufficient(input.minutes, 0);
    }
    // A retry (the same holdId and body) is the hold placed first, with the answer stored for it.
    const result = placeHold(tx, {
      clientId,
      holdId: input.holdId,
      accountId: account.id,
      minutes: input.minutes,
      jobId: input.jobId,
      bodyHash: hash,
      now,
    });
    if (!result.ok) {
      if (result.code === "idempotency_conflict") throw conflict("holdId");
      throw insufficient(result.shortfall, balance(tx, account.id));
    }
    if (!result.created && result.hold.response) return result.hold.response as Stored;
    const stored: Stored = {
      status: 201,
      body: JSON.stringify({
        holdId: input.holdId,
        account: input.account,
        pool: input.pool,
        jobId: input.jobId,
        status: "open",
        heldMinutes: result.hold.minutes,
        balanceMinutes: balance(tx, account.id),
        expiresAt: result.hold.expiresAt.toISOString(),
      }),
    };
    statements(tx).holdAnswer.run({ id: result.hold.id, response: JSON.stringify(stored) });
    return stored;
  });
  return json(answer.status, answer.body);
}

export function recordUsage(clientId: string, raw: unknown, db: Db = getDb()): ApiAnswer {
  const input = validate(usageBody, raw);
  const hash = bodyHash([
    input.recordId,
    input.holdId,
    input.account,
    input.pool,
    input.jobId,
    input.startedAt,
    input.endedAt,
    input.minutes,
  ]);
  const answer = write<Stored>(db, (tx, now) => {
    const { account } = resolve(tx, input.account, input.pool);
    // A retry (the same recordId and body) is the record settled first, with the answer stored for it.
    const result = settleHold(tx, {
      clientId,
      recordId: input.recordId,
      holdId: input.holdId,
      jobId: input.jobId,
      minutes: input.minutes,
      startedAt: new Date(input.startedAt),
      endedAt: new Date(input.endedAt),
      bodyHash: hash,
      accountId: account?.id ?? null,
      now,
    });
    if (!result.ok) {
      if (result.code === "idempotency_conflict") throw conflict("recordId");
      if (result.code === "unknown_hold") {
        throw new ApiError("unknown_hold", "This client has no hold with this holdId.");
      }
      if (result.code === "wrong_account") {
        throw new ApiError("validation_failed", "account and pool are not the hold's.", {
          fields: [{ field: "account", problem: "not the hold's account and pool" }],
        });
      }
      throw holdClosed(result.hold.status);
    }
    if (!result.created && result.record.response) return result.record.response as Stored;
    const debited = result.record.minutes - result.record.unpaidMinutes;
    const stored: Stored = {
      status: 201,
      body: JSON.stringify({
        recordId: input.recordId,
        holdId: input.holdId,
        account: input.account,
        pool: input.pool,
        jobId: input.jobId,
        usedMinutes: result.record.minutes,
        debitedMinutes: debited,
        unpaidMinutes: result.record.unpaidMinutes,
        releasedMinutes: Math.max(0, result.hold.minutes - result.record.minutes),
        balanceMinutes: balance(tx, result.hold.accountId),
      }),
    };
    statements(tx).usageAnswer.run({ id: result.record.id, response: JSON.stringify(stored) });
    return stored;
  });
  return json(answer.status, answer.body);
}

export function cancelHold(clientId: string, holdId: string, raw: unknown, db: Db = getDb()): ApiAnswer {
  validate(releaseBody, raw);
  if (!/^[\x21-\x7e]{1,128}$/.test(holdId)) throw new ApiError("unknown_hold", "No hold has this holdId.");
  const body = write(db, (tx, now) => {
    const result = releaseHold(tx, clientId, holdId, now);
    if (!result.ok) {
      if (result.code === "unknown_hold" || !result.hold)
        throw new ApiError("unknown_hold", "This client has no hold with this holdId.");
      throw holdClosed(result.hold.status);
    }
    const labels = labelsOf(tx, result.hold.accountId);
    return JSON.stringify({
      holdId,
      account: labels.account,
      pool: labels.pool,
      status: "released",
      releasedMinutes: result.hold.minutes,
      balanceMinutes: balance(tx, result.hold.accountId),
    });
  });
  return json(200, body);
}

function conflict(key: "holdId" | "recordId") {
  return new ApiError(
    "idempotency_conflict",
    `This ${key} was already used with a different body; use a new ${key} for a new request.`,
  );
}

function insufficient(shortfall: number, balanceMinutes: number) {
  return new ApiError("insufficient_balance", `The balance is ${shortfall} minutes short of this hold.`, {
    shortfallMinutes: shortfall,
    balanceMinutes,
  });
}
