import { and, desc, eq, gte, gt, isNull } from "drizzle-orm";
import { type Db, durableTransaction, type Tx } from "~db/client.server";
import { cohorts, computeGrants, computePools, computeRequests, enrolments, users } from "~db/schema";
import { type Actor, recordAudit } from "./audit.server";
import { credit, ensureAccount } from "./ledger.server";
import { checkCapacity, getPool } from "./pools.server";
import { taughtCohort } from "./teaching.server";

export interface GrantInput {
  poolId: number;
  cohortId: number;
  /** Per student. */
  minutes: number;
  expiresAt: Date;
  includeLaterJoinersUntil: Date | null;
  purpose: string;
}

export type GrantResult =
  | { ok: true; grantId: number; students: number }
  | { ok: false; reason: "unknown_pool" | "pool_retired" | "unknown_cohort" | "past_expiry" }
  | { ok: false; reason: "capacity"; overBy: number };

function creditStudent(
  tx: Tx,
  grant: typeof computeGrants.$inferSelect,
  userId: number,
  now: number,
  actorId: number | null,
) {
  const account = ensureAccount(tx, userId, grant.poolId);
  return credit(tx, {
    accountId: account.id,
    minutes: grant.minutes,
    kind: "grant",
    reference: `grant:${grant.id}`,
    idempotencyKey: `grant:${grant.id}:user:${userId}`,
    expiresAt: grant.expiresAt,
    grantId: grant.id,
    actorUserId: actorId,
    now,
  }).created;
}

/** In an open transaction: credits every active student of the cohort now. */
export function grantInTransaction(tx: Tx, actor: Actor, input: GrantInput, now: number): GrantResult {
  const pool = getPool(tx, input.poolId);
  if (!pool) return { ok: false, reason: "unknown_pool" };
  if (pool.status !== "active") return { ok: false, reason: "pool_retired" };
  if (!tx.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.id, input.cohortId)).get()) {
    return { ok: false, reason: "unknown_cohort" };
  }
  if (input.expiresAt.getTime() <= now) return { ok: false, reason: "past_expiry" };
  const students = tx
    .select({ userId: enrolments.userId })
    .from(enrolments)
    .where(and(eq(enrolments.cohortId, input.cohortId), eq(enrolments.status, "active")))
    .all();
  const fits = checkCapacity(tx, pool, students.length * input.minutes, input.expiresAt.getTime(), now);
  if (!fits.ok) return { ok: false, reason: "capacity", overBy: fits.overBy };
  const grant = tx
    .insert(computeGrants)
    .values({ ...input, issuedBy: actor.id, createdAt: new Date(now) })
    .returning()
    .get();
  for (const s of students) creditStudent(tx, grant, s.userId, now, actor.id);
  recordAudit(tx, actor, {
    action: "compute.grant",
    targetType: "compute_grant",
    targetId: grant.id,
    after: { ...input, students: students.length, pool: pool.slug },
  });
  return { ok: true, grantId: grant.id, students: students.length };
}

export function grantToCohort(db: Db, actor: Actor, input: GrantInput, now = Date.now()): GrantResult {
  return durableTransaction(db, (tx) => grantInTransaction(tx, actor, input, now));
}

/**
 * Called inside the join transaction: a student who joins while a grant still
 * takes later joiners gets its minutes too (once, whatever retries).
 */
export function creditLaterJoiner(tx: Tx, userId: number, cohortId: number, now: number) {
  const open = tx
    .select()
    .from(computeGrants)
    .where(
      and(
        eq(computeGrants.cohortId, cohortId),
        isNull(computeGrants.revokedAt),
        gte(computeGrants.includeLaterJoinersUntil, new Date(now)),
        gt(computeGrants.expiresAt, new Date(now)),
      ),
    )
    .all();
  for (const grant of open) creditStudent(tx, grant, userId, now, null);
}

// ---- teachers' requests ----

export interface RequestInput {
  cohortId: number;
  poolId: number;
  minutes: number;
  reason: string;
}

/** A teacher asks for minutes for a cohort they teach (undefined when they do not teach it). */
export function requestMinutes(db: Db, actor: Actor & { id: number }, input: RequestInput) {
  return db.transaction(
    (tx) => {
      if (!taughtCohort(tx, actor.id, input.cohortId)) return undefined;
      const pool = getPool(tx, input.poolId);
      if (pool?.status !== "active") return null;
      const row = tx
        .insert(computeRequests)
        .values({ ...input, teacherId: actor.id })
        .returning()
        .get();
      recordAudit(tx, actor, {
        action: "compute.request",
        targetType: "compute_request",
        targetId: row.id,
        after: input,
      });
      return row;
    },
    { behavior: "immediate" },
  );
}

export function requestsForCohort(db: Tx, cohortId: number) {
  return db
    .select({
      id: computeRequests.id,
      minutes: computeRequests.minutes,
      reason: computeRequests.reason,
      status: computeRequests.status,
      decisionReason: computeRequests.decisionReason,
      decidedAt: computeRequests.decidedAt,
      createdAt: computeRequests.createdAt,
      slug: computePools.slug,
      nameZh: computePools.nameZh,
      nameEn: computePools.nameEn,
    })
    .from(computeRequests)
    .innerJoin(computePools, eq(computePools.id, computeRequests.poolId))
    .where(eq(computeRequests.cohortId, cohortId))
    .orderBy(desc(computeRequests.id))
    .limit(100)
    .all();
}

export function pendingRequests(db: Tx) {
  return db
    .select({
      id: computeRequests.id,
      minutes: computeRequests.minutes,
      reason: computeRequests.reason,
      createdAt: computeRequests.createdAt,
      cohortName: cohorts.name,
      cohortTerm: cohorts.term,
      teacherEmail: users.email,
      slug: computePools.slug,
    })
    .from(computeRequests)
    .innerJoin(cohorts, eq(cohorts.id, computeRequests.cohortId))
    .innerJoin(users, eq(users.id, computeRequests.teacherId))
    .innerJoin(computePools, eq(computePools.id, computeRequests.poolId))
    .where(eq(computeRequests.status, "pending"))
    .orderBy(computeRequests.id)
    .limit(200)
    .all();
}

export type DecisionResult =
  | { ok: true; status: "approved" | "declined"; grant?: GrantResult }
  | { ok: false; reason: "not_found" | "decided" }
  | { ok: false; reason: "grant"; grant: Exclude<GrantResult, { ok: true }> };

/** Approving issues the grant in the same transaction; a refused grant leaves the request pending. */
export function decideRequest(
  db: Db,
  actor: Actor,
  input: { id: number; approve: boolean; reason: string | null; expiresAt: Date | null },
  now = Date.now(),
): DecisionResult {
  return durableTransaction(db, (tx): DecisionResult => {
    const request = tx.select().from(computeRequests).where(eq(computeRequests.id, input.id)).get();
    if (!request) return { ok: false, reason: "not_found" };
    if (request.status !== "pending") return { ok: false, reason: "decided" };
    let grantId: number | null = null;
    if (input.approve) {
      const grant = grantInTransaction(
        tx,
        actor,
        {
          poolId: request.poolId,
          cohortId: request.cohortId,
          minutes: request.minutes,
          expiresAt: input.expiresAt ?? new Date(now),
          includeLaterJoinersUntil: null,
          purpose: request.reason,
        },
        now,
      );
      if (!grant.ok) return { ok: false, reason: "grant", grant };
      grantId = grant.grantId;
    }
    const status = input.approve ? "approved" : "declined";
    tx.update(computeRequests)
      .set({ status, decidedBy: actor.id, decidedAt: new Date(now), decisionReason: input.reason, grantId })
      .where(and(eq(computeRequests.id, input.id), eq(computeRequests.status, "pending")))
      .run();
    recordAudit(tx, actor, {
      action: `compute.request.${status}`,
      targetType: "compute_request",
      targetId: input.id,
      before: { status: "pending" },
      after: { status, reason: input.reason, grantId },
    });
    return { ok: true, status };
  });
}
