import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, lte, max, sql, sum } from "drizzle-orm";
import { type Tx, perConnection } from "~db/client.server";
import {
  type ComputeAccount,
  type ComputeHold,
  type ComputeUsageRecord,
  computeAccounts,
  computeHandles,
  computeHolds,
  computePools,
  computeUsageRecords,
  creditLots,
  type LedgerKind,
  ledgerEntries,
  lotAllocations,
} from "~db/schema";

/**
 * The minutes ledger. Every function here is synchronous and takes a Drizzle
 * transaction: callers open ONE immediate transaction around a whole operation
 * (redeem, hold, settle) so it happens entirely or not at all. The rules,
 * lots and invariants are described in docs/compute.md.
 */

/** A hold lapses (its minutes return) when the center neither settles nor releases it within this. */
export const HOLD_TTL_MS = 24 * 60 * 60 * 1000;

/** Who caused an entry: a person (student, admin), the center's client, or neither (CLI, timers). */
export interface LedgerWho {
  actorUserId?: number | null;
  clientId?: string | null;
}

/**
 * An open hold, as a query must say it to use the indexes of open holds: `status = 'open'` written
 * out (a bound "open" would not tell SQLite's planner that the partial indexes apply).
 */
export const holdIsOpen = sql`${computeHolds.status} = 'open'`;

// ---- the queries of every write, built once per connection ----

const p = sql.placeholder;
const statements = perConnection((db) => ({
  handleOfUser: db
    .select({ handle: computeHandles.handle })
    .from(computeHandles)
    .where(eq(computeHandles.userId, p("userId")))
    .prepare(),
  userOfHandle: db
    .select({ userId: computeHandles.userId })
    .from(computeHandles)
    .where(eq(computeHandles.handle, p("handle")))
    .prepare(),
  account: db
    .select()
    .from(computeAccounts)
    .where(and(eq(computeAccounts.userId, p("userId")), eq(computeAccounts.poolId, p("poolId"))))
    .prepare(),
  // What the center names (a handle and a pool slug), resolved in one look-up: every API write starts here.
  accountOfHandle: db
    .select({ userId: computeHandles.userId, poolId: computePools.id, account: computeAccounts })
    .from(computeHandles)
    .leftJoin(computePools, eq(computePools.slug, p("slug")))
    .leftJoin(
      computeAccounts,
      and(eq(computeAccounts.userId, computeHandles.userId), eq(computeAccounts.poolId, computePools.id)),
    )
    .where(eq(computeHandles.handle, p("handle")))
    .prepare(),
  balance: db
    .select({ total: sum(creditLots.remaining) })
    .from(creditLots)
    .where(eq(creditLots.accountId, p("accountId")))
    .prepare(),
  held: db
    .select({ total: sum(computeHolds.minutes) })
    .from(computeHolds)
    .where(and(eq(computeHolds.accountId, p("accountId")), holdIsOpen))
    .prepare(),
  insertEntry: db
    .insert(ledgerEntries)
    .values({
      accountId: p("accountId"),
      minutes: p("minutes"),
      kind: p("kind"),
      reference: p("reference"),
      idempotencyKey: p("idempotencyKey"),
      actorUserId: p("actorUserId"),
      clientId: p("clientId"),
      note: p("note"),
      createdAt: p("createdAt"),
    })
    .onConflictDoNothing({ target: ledgerEntries.idempotencyKey })
    .returning({ id: ledgerEntries.id })
    .prepare(),
  entryByKey: db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.idempotencyKey, p("idempotencyKey")))
    .prepare(),
  insertAllocation: db
    .insert(lotAllocations)
    .values({ entryId: p("entryId"), lotId: p("lotId"), minutes: p("minutes") })
    .prepare(),
  moveLot: db
    .update(creditLots)
    .set({ remaining: sql`${creditLots.remaining} + ${p("minutes")}` })
    .where(eq(creditLots.id, p("lotId")))
    .prepare(),
  liveLots: db
    .select({ id: creditLots.id, remaining: creditLots.remaining })
    .from(creditLots)
    .where(
      and(
        eq(creditLots.accountId, p("accountId")),
        gt(creditLots.remaining, 0),
        gt(creditLots.expiresAt, p("now")),
      ),
    )
    .orderBy(asc(creditLots.expiresAt), asc(creditLots.id))
    .prepare(),
  insertLot: db
    .insert(creditLots)
    .values({
      accountId: p("accountId"),
      entryId: p("entryId"),
      minutes: p("minutes"),
      remaining: 0,
      expiresAt: p("expiresAt"),
      voucherId: p("voucherId"),
      grantId: p("grantId"),
    })
    .returning({ id: creditLots.id })
    .prepare(),
  dueLotsOfAccount: db
    .select()
    .from(creditLots)
    .where(
      and(
        eq(creditLots.accountId, p("accountId")),
        lte(creditLots.expiresAt, p("now")),
        gt(creditLots.remaining, 0),
      ),
    )
    .prepare(),
  holdByClientId: db
    .select()
    .from(computeHolds)
    .where(and(eq(computeHolds.clientId, p("clientId")), eq(computeHolds.holdId, p("holdId"))))
    .prepare(),
  holdById: db
    .select()
    .from(computeHolds)
    .where(eq(computeHolds.id, p("id")))
    .prepare(),
  insertHold: db
    .insert(computeHolds)
    .values({
      clientId: p("clientId"),
      holdId: p("holdId"),
      accountId: p("accountId"),
      minutes: p("minutes"),
      jobId: p("jobId"),
      bodyHash: p("bodyHash"),
      createdAt: p("createdAt"),
      expiresAt: p("expiresAt"),
    })
    .returning()
    .prepare(),
  closeHold: db
    .update(computeHolds)
    // SET takes placeholders only inside sql``: bound as given, so closedAt is epoch milliseconds.
    .set({ status: sql`${p("status")}`, closedAt: sql`${p("closedAt")}` })
    .where(eq(computeHolds.id, p("id")))
    .prepare(),
  dueHolds: db
    .select()
    .from(computeHolds)
    .where(and(holdIsOpen, lte(computeHolds.expiresAt, p("now"))))
    .prepare(),
  holdSlices: db
    .select({ lotId: lotAllocations.lotId, minutes: sql<number>`-${lotAllocations.minutes}` })
    .from(ledgerEntries)
    .innerJoin(lotAllocations, eq(lotAllocations.entryId, ledgerEntries.id))
    .innerJoin(creditLots, eq(creditLots.id, lotAllocations.lotId))
    .where(eq(ledgerEntries.idempotencyKey, p("entryKey")))
    .orderBy(asc(creditLots.expiresAt), asc(creditLots.id))
    .prepare(),
  usageByClientId: db
    .select()
    .from(computeUsageRecords)
    .where(
      and(eq(computeUsageRecords.clientId, p("clientId")), eq(computeUsageRecords.recordId, p("recordId"))),
    )
    .prepare(),
  insertUsage: db
    .insert(computeUsageRecords)
    .values({
      clientId: p("clientId"),
      recordId: p("recordId"),
      holdId: p("holdId"),
      accountId: p("accountId"),
      jobId: p("jobId"),
      minutes: p("minutes"),
      startedAt: p("startedAt"),
      endedAt: p("endedAt"),
      bodyHash: p("bodyHash"),
      createdAt: p("createdAt"),
    })
    .returning()
    .prepare(),
  setUnpaid: db
    .update(computeUsageRecords)
    .set({ unpaidMinutes: sql`${p("unpaid")}` })
    .where(eq(computeUsageRecords.id, p("id")))
    .prepare(),
}));

// ---- accounts and handles ----

const HANDLE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function newHandle(): string {
  // 80 random bits in lower-case Crockford base32: short to read aloud, unguessable, not the user id.
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = "";
  for (let i = 0; i < 16; i++) {
    out = HANDLE_ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return `u-${out}`;
}

/** The person's public handle for the center, made on first need and never changed. */
export function ensureHandle(tx: Tx, userId: number): string {
  const found = statements(tx).handleOfUser.get({ userId });
  if (found) return found.handle;
  tx.insert(computeHandles).values({ userId, handle: newHandle() }).onConflictDoNothing().run();
  return statements(tx).handleOfUser.get({ userId })!.handle;
}

/** The person's account in a pool, made on first need (and the handle with it). */
export function ensureAccount(tx: Tx, userId: number, poolId: number): ComputeAccount {
  const found = statements(tx).account.get({ userId, poolId });
  if (found) return found;
  ensureHandle(tx, userId);
  tx.insert(computeAccounts).values({ userId, poolId }).onConflictDoNothing().run();
  return statements(tx).account.get({ userId, poolId })!;
}

export type AccountLookup =
  | { ok: true; userId: number; poolId: number; account: ComputeAccount | null }
  | { ok: false; code: "unknown_account" | "unknown_pool" };

/**
 * Resolves what the center sends (a handle and a pool slug). A known person
 * without an account in that pool yet has `account: null` (balance 0); the
 * account is only made when minutes arrive.
 */
export function accountByHandle(tx: Tx, handle: string, poolSlug: string): AccountLookup {
  const found = statements(tx).accountOfHandle.get({ handle, slug: poolSlug });
  if (!found) return { ok: false, code: "unknown_account" };
  if (found.poolId === null) return { ok: false, code: "unknown_pool" };
  return { ok: true, userId: found.userId, poolId: found.poolId, account: found.account };
}

/** The user behind a handle, or null. */
export function userIdByHandle(tx: Tx, handle: string): number | null {
  return statements(tx).userOfHandle.get({ handle })?.userId ?? null;
}

// ---- balances ----

/**
 * Minutes the account can spend: the sum of its entries (holds already count against it). Every
 * entry is allocated in full to the account's lots, so this reads the lots' `remaining` (a few rows)
 * instead of summing the whole history, which grows with every job. The tests check after every
 * operation that the two sums agree.
 */
export function balance(tx: Tx, accountId: number): number {
  return Number(statements(tx).balance.get({ accountId })?.total ?? 0);
}

/** Minutes reserved by open holds. */
export function heldMinutes(tx: Tx, accountId: number): number {
  return Number(statements(tx).held.get({ accountId })?.total ?? 0);
}

/** Minutes in lots that expire at or before `until` (and are not gone yet). */
export function expiringMinutes(tx: Tx, accountId: number, now: number, until: number): number {
  const row = tx
    .select({ total: sum(creditLots.remaining) })
    .from(creditLots)
    .where(
      and(
        eq(creditLots.accountId, accountId),
        gt(creditLots.expiresAt, new Date(now)),
        lte(creditLots.expiresAt, new Date(until)),
        gt(creditLots.remaining, 0),
      ),
    )
    .get();
  return Number(row?.total ?? 0);
}

// ---- entries and lots (internal) ----

interface EntryInput extends LedgerWho {
  accountId: number;
  minutes: number;
  kind: LedgerKind;
  reference: string;
  idempotencyKey: string;
  note?: string | null;
  now: number;
}

/** Inserts an entry; null when its idempotency key was already used (the first write wins). */
function insertEntry(tx: Tx, e: EntryInput): number | null {
  const row = statements(tx).insertEntry.get({
    accountId: e.accountId,
    minutes: e.minutes,
    kind: e.kind,
    reference: e.reference,
    idempotencyKey: e.idempotencyKey,
    actorUserId: e.actorUserId ?? null,
    clientId: e.clientId ?? null,
    note: e.note ?? null,
    createdAt: new Date(e.now),
  });
  return row?.id ?? null;
}

function entryByKey(tx: Tx, idempotencyKey: string) {
  return statements(tx).entryByKey.get({ idempotencyKey });
}

interface Slice {
  lotId: number;
  minutes: number;
}

function allocate(tx: Tx, entryId: number, slices: Slice[], sign: 1 | -1) {
  const q = statements(tx);
  for (const s of slices) {
    if (s.minutes === 0) continue;
    q.insertAllocation.run({ entryId, lotId: s.lotId, minutes: sign * s.minutes });
    q.moveLot.run({ lotId: s.lotId, minutes: sign * s.minutes });
  }
}

/** Takes up to `minutes` from the account's live lots, soonest expiry first. */
function planFifo(
  tx: Tx,
  accountId: number,
  minutes: number,
  now: number,
): { slices: Slice[]; covered: number } {
  const lots = statements(tx).liveLots.all({ accountId, now });
  const slices: Slice[] = [];
  let left = minutes;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    slices.push({ lotId: lot.id, minutes: take });
    left -= take;
  }
  return { slices, covered: minutes - left };
}

function assertMinutes(minutes: number, allowZero = false) {
  if (!Number.isSafeInteger(minutes) || minutes < (allowZero ? 0 : 1)) {
    throw new RangeError(`minutes must be a positive safe integer, got ${minutes}`);
  }
}

// ---- credit and spend ----

export interface CreditInput extends LedgerWho {
  accountId: number;
  minutes: number;
  kind: Extract<LedgerKind, "redeem" | "grant" | "adjust">;
  reference: string;
  idempotencyKey: string;
  expiresAt: Date;
  voucherId?: number | null;
  grantId?: number | null;
  note?: string | null;
  now?: number;
}

/** Adds a lot of minutes to an account, once per idempotency key. */
export function credit(tx: Tx, input: CreditInput): { entryId: number; created: boolean } {
  assertMinutes(input.minutes);
  const now = input.now ?? Date.now();
  const entryId = insertEntry(tx, { ...input, now });
  if (entryId === null) return { entryId: entryByKey(tx, input.idempotencyKey)!.id, created: false };
  const lot = statements(tx).insertLot.get({
    accountId: input.accountId,
    entryId,
    minutes: input.minutes,
    expiresAt: input.expiresAt,
    voucherId: input.voucherId ?? null,
    grantId: input.grantId ?? null,
  })!;
  allocate(tx, entryId, [{ lotId: lot.id, minutes: input.minutes }], 1);
  // Minutes that arrive already expired (a back-dated adjustment) leave at once.
  if (input.expiresAt.getTime() <= now) expireDue(tx, now, input.accountId);
  return { entryId, created: true };
}

export interface SpendInput extends LedgerWho {
  accountId: number;
  minutes: number;
  kind: Extract<LedgerKind, "usage" | "adjust" | "hold">;
  reference: string;
  idempotencyKey: string;
  note?: string | null;
  now?: number;
  /** Take what there is instead of refusing (usage the center already ran). */
  partial?: boolean;
}

export type SpendResult =
  | { ok: true; entryId: number; minutes: number; created: boolean }
  | { ok: false; shortfall: number };

/**
 * Debits minutes, soonest-expiring first, once per idempotency key. Never takes
 * the balance below zero: without `partial` a debit the balance cannot cover
 * writes nothing and returns the shortfall.
 */
export function spend(tx: Tx, input: SpendInput): SpendResult {
  assertMinutes(input.minutes);
  const now = input.now ?? Date.now();
  const earlier = entryByKey(tx, input.idempotencyKey);
  if (earlier) return { ok: true, entryId: earlier.id, minutes: -earlier.minutes, created: false };
  expireDue(tx, now, input.accountId);
  const plan = planFifo(tx, input.accountId, input.minutes, now);
  if (plan.covered === 0 || (plan.covered < input.minutes && !input.partial)) {
    return { ok: false, shortfall: input.minutes - plan.covered };
  }
  const entryId = insertEntry(tx, { ...input, minutes: -plan.covered, now });
  if (entryId === null) throw new Error("idempotency key taken inside the transaction");
  allocate(tx, entryId, plan.slices, -1);
  return { ok: true, entryId, minutes: plan.covered, created: true };
}

/** Removes what is left of one lot (a clawback of a redeemed voucher or grant), audited by the caller. */
export function revokeLot(
  tx: Tx,
  lotId: number,
  who: LedgerWho & { note?: string | null; now?: number },
): number {
  const lot = tx.select().from(creditLots).where(eq(creditLots.id, lotId)).get();
  if (!lot || lot.remaining <= 0) return 0;
  const now = who.now ?? Date.now();
  const entryId = insertEntry(tx, {
    ...who,
    accountId: lot.accountId,
    minutes: -lot.remaining,
    kind: "revoke",
    reference: `lot:${lot.id}`,
    idempotencyKey: `revoke:lot:${lot.id}:${lastAllocationId(tx, lot.id)}`,
    now,
  })!;
  allocate(tx, entryId, [{ lotId: lot.id, minutes: lot.remaining }], -1);
  return lot.remaining;
}

function lastAllocationId(tx: Tx, lotId: number): number {
  return (
    tx
      .select({ id: max(lotAllocations.id) })
      .from(lotAllocations)
      .where(eq(lotAllocations.lotId, lotId))
      .get()?.id ?? 0
  );
}

/**
 * Writes an `expire` entry for the unspent part of every lot past its expiry
 * (of one account, or all). Safe to call on every read: a lot with nothing
 * left writes nothing. Returns the number of minutes expired.
 */
export function expireDue(tx: Tx, now = Date.now(), accountId?: number): number {
  const due =
    accountId === undefined
      ? tx
          .select()
          .from(creditLots)
          .where(and(lte(creditLots.expiresAt, new Date(now)), gt(creditLots.remaining, 0)))
          .all()
      : statements(tx).dueLotsOfAccount.all({ accountId, now });
  let total = 0;
  for (const lot of due) {
    const entryId = insertEntry(tx, {
      accountId: lot.accountId,
      minutes: -lot.remaining,
      kind: "expire",
      reference: `lot:${lot.id}`,
      // A lot can expire twice when a released hold returns minutes to it later.
      idempotencyKey: `expire:lot:${lot.id}:${lastAllocationId(tx, lot.id)}`,
      now,
    })!;
    allocate(tx, entryId, [{ lotId: lot.id, minutes: lot.remaining }], -1);
    total += lot.remaining;
  }
  return total;
}

// ---- holds and usage ----

export interface HoldInput {
  clientId: string;
  holdId: string;
  accountId: number;
  minutes: number;
  jobId: string;
  bodyHash: string;
  now?: number;
}

export type HoldResult =
  | { ok: true; hold: ComputeHold; created: boolean }
  | { ok: false; code: "idempotency_conflict"; hold: ComputeHold }
  | { ok: false; code: "insufficient_balance"; shortfall: number };

/**
 * Reserves minutes for a job. The same (client, holdId) with the same body is
 * the first answer again; with another body, a conflict. A hold the balance
 * cannot cover writes nothing.
 */
export function placeHold(tx: Tx, input: HoldInput): HoldResult {
  assertMinutes(input.minutes);
  const now = input.now ?? Date.now();
  const earlier = holdByClientId(tx, input.clientId, input.holdId);
  if (earlier) {
    return earlier.bodyHash === input.bodyHash
      ? { ok: true, hold: earlier, created: false }
      : { ok: false, code: "idempotency_conflict", hold: earlier };
  }
  expireDue(tx, now, input.accountId);
  const plan = planFifo(tx, input.accountId, input.minutes, now);
  if (plan.covered < input.minutes) {
    return { ok: false, code: "insufficient_balance", shortfall: input.minutes - plan.covered };
  }
  const hold = statements(tx).insertHold.get({
    clientId: input.clientId,
    holdId: input.holdId,
    accountId: input.accountId,
    minutes: input.minutes,
    jobId: input.jobId,
    bodyHash: input.bodyHash,
    createdAt: new Date(now),
    expiresAt: new Date(now + HOLD_TTL_MS),
  })!;
  const entryId = insertEntry(tx, {
    accountId: input.accountId,
    minutes: -input.minutes,
    kind: "hold",
    reference: `hold:${hold.id}`,
    idempotencyKey: `hold:${hold.id}`,
    clientId: input.clientId,
    now,
  })!;
  allocate(tx, entryId, plan.slices, -1);
  return { ok: true, hold, created: true };
}

export function holdByClientId(tx: Tx, clientId: string, holdId: string): ComputeHold | undefined {
  return statements(tx).holdByClientId.get({ clientId, holdId });
}

/** The lots a hold took from, soonest expiry first, with how much it took from each. */
function holdSlices(tx: Tx, hold: ComputeHold): Slice[] {
  return statements(tx).holdSlices.all({ entryKey: `hold:${hold.id}` });
}

/** Gives a hold's minutes back to the lots they came from (`slices`: the hold's, when already read). */
function returnHold(tx: Tx, hold: ComputeHold, now: number, who: LedgerWho, slices?: Slice[]) {
  const entryId = insertEntry(tx, {
    ...who,
    accountId: hold.accountId,
    minutes: hold.minutes,
    kind: "release",
    reference: `hold:${hold.id}`,
    idempotencyKey: `release:hold:${hold.id}`,
    now,
  });
  if (entryId === null) return;
  allocate(tx, entryId, slices ?? holdSlices(tx, hold), 1);
}

export type ReleaseResult =
  | { ok: true; hold: ComputeHold; created: boolean }
  | { ok: false; code: "unknown_hold" | "hold_closed"; hold?: ComputeHold };

/** Cancels an open hold; releasing a released hold again is the same answer. */
export function releaseHold(tx: Tx, clientId: string, holdId: string, now = Date.now()): ReleaseResult {
  const hold = holdByClientId(tx, clientId, holdId);
  if (!hold) return { ok: false, code: "unknown_hold" };
  if (hold.status === "released") return { ok: true, hold, created: false };
  if (hold.status !== "open") return { ok: false, code: "hold_closed", hold };
  closeHold(tx, hold, "released", now, { clientId });
  return { ok: true, hold: { ...hold, status: "released", closedAt: new Date(now) }, created: true };
}

function closeHold(tx: Tx, hold: ComputeHold, status: "released" | "lapsed", now: number, who: LedgerWho) {
  returnHold(tx, hold, now, who);
  statements(tx).closeHold.run({ id: hold.id, status, closedAt: now });
  // Minutes returned to a lot that expired while they were held leave now.
  expireDue(tx, now, hold.accountId);
}

/** Returns the minutes of every hold open past its 24 hours. */
export function lapseHolds(tx: Tx, now = Date.now()): number {
  const due = statements(tx).dueHolds.all({ now });
  for (const hold of due) closeHold(tx, hold, "lapsed", now, {});
  return due.length;
}

export interface UsageInput {
  clientId: string;
  recordId: string;
  holdId: string;
  jobId: string;
  minutes: number;
  startedAt: Date;
  endedAt: Date;
  bodyHash: string;
  /** The account the center named (null: one the person does not have); a hold of another is refused. */
  accountId?: number | null;
  now?: number;
}

export type UsageResult =
  | { ok: true; record: ComputeUsageRecord; hold: ComputeHold; created: boolean }
  | { ok: false; code: "idempotency_conflict"; record: ComputeUsageRecord }
  | { ok: false; code: "unknown_hold" }
  | { ok: false; code: "wrong_account" | "hold_closed"; hold: ComputeHold };

/**
 * Settles a finished job against its hold: the hold's minutes come back, the
 * job's minutes are debited from the very lots the hold reserved (even if one
 * expired meanwhile: the job ran on them), and any excess from the balance,
 * soonest expiry first. What neither can pay is recorded as unpaid, never as
 * a negative balance. Once per (client, recordId).
 */
export function settleHold(tx: Tx, input: UsageInput): UsageResult {
  assertMinutes(input.minutes, true);
  const now = input.now ?? Date.now();
  const q = statements(tx);
  const earlier = q.usageByClientId.get({ clientId: input.clientId, recordId: input.recordId });
  if (earlier) {
    if (earlier.bodyHash !== input.bodyHash)
      return { ok: false, code: "idempotency_conflict", record: earlier };
    const hold = q.holdById.get({ id: earlier.holdId })!;
    return { ok: true, record: earlier, hold, created: false };
  }
  const hold = holdByClientId(tx, input.clientId, input.holdId);
  if (!hold) return { ok: false, code: "unknown_hold" };
  if (input.accountId !== undefined && hold.accountId !== input.accountId) {
    return { ok: false, code: "wrong_account", hold };
  }
  if (hold.status !== "open") return { ok: false, code: "hold_closed", hold };

  // From the hold's own lots first, soonest expiry first...
  const fromHold: Slice[] = [];
  const held = holdSlices(tx, hold);
  let left = input.minutes;
  for (const s of held) {
    if (left === 0) break;
    const take = Math.min(left, s.minutes);
    fromHold.push({ lotId: s.lotId, minutes: take });
    left -= take;
  }
  // ...then whatever the job ran beyond the hold, from live lots (planned before the hold's minutes return).
  const extra = left > 0 ? planFifo(tx, hold.accountId, left, now) : { slices: [], covered: 0 };
  returnHold(tx, hold, now, { clientId: input.clientId }, held);
  const record = q.insertUsage.get({
    clientId: input.clientId,
    recordId: input.recordId,
    holdId: hold.id,
    accountId: hold.accountId,
    jobId: input.jobId,
    minutes: input.minutes,
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    bodyHash: input.bodyHash,
    createdAt: new Date(now),
  })!;
  const paid = input.minutes - left + extra.covered;
  const unpaid = input.minutes - paid;
  if (paid > 0) {
    const entryId = insertEntry(tx, {
      accountId: hold.accountId,
      minutes: -paid,
      kind: "usage",
      reference: `usage:${record.id}`,
      idempotencyKey: `usage:${record.id}`,
      clientId: input.clientId,
      now,
    })!;
    allocate(tx, entryId, [...fromHold, ...extra.slices], -1);
  }
  if (unpaid > 0) q.setUnpaid.run({ id: record.id, unpaid });
  q.closeHold.run({ id: hold.id, status: "settled", closedAt: now });
  expireDue(tx, now, hold.accountId);
  return {
    ok: true,
    record: { ...record, unpaidMinutes: unpaid },
    hold: { ...hold, status: "settled", closedAt: new Date(now) },
    created: true,
  };
}

// ---- reading the ledger ----

/** Balances of one person, per pool they have an account in. */
export function balancesOf(tx: Tx, userId: number) {
  const accounts = tx
    .select({ accountId: computeAccounts.id, poolId: computeAccounts.poolId })
    .from(computeAccounts)
    .where(eq(computeAccounts.userId, userId))
    .all();
  return accounts.map((a) => ({
    ...a,
    balance: balance(tx, a.accountId),
    held: heldMinutes(tx, a.accountId),
  }));
}

/** An account's entries, newest first. */
export function entriesOf(tx: Tx, accountIds: number[], limit: number, offset: number) {
  if (accountIds.length === 0) return [];
  return tx
    .select()
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.accountId, accountIds))
    .orderBy(desc(ledgerEntries.id))
    .limit(limit)
    .offset(offset)
    .all();
}
