import { and, count, desc, eq } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { auditEvents, users } from "~db/schema";
import { paging } from "./paging.server";

export interface Actor {
  id: number | null;
  label: string;
  requestId?: string;
}

export interface AuditInput {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Records one audit event. Call it inside the same transaction as the write it describes. */
export function recordAudit(db: Tx, actor: Actor, event: AuditInput): void {
  db.insert(auditEvents)
    .values({
      actorId: actor.id,
      actorLabel: actor.label,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId == null ? null : String(event.targetId),
      before: event.before ?? null,
      after: event.after ?? null,
      requestId: actor.requestId ?? null,
    })
    .run();
}

export const AUDIT_PAGE_SIZE = 50;

export function listAuditEvents(db: Tx, filter: { actorEmail?: string; action?: string; page?: number }) {
  const conditions = [];
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.actorEmail) conditions.push(eq(users.email, filter.actorEmail));
  const where = conditions.length ? and(...conditions) : undefined;
  const total =
    db
      .select({ n: count() })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(where)
      .get()?.n ?? 0;
  const at = paging(total, filter.page, AUDIT_PAGE_SIZE);
  const rows = db
    .select({
      id: auditEvents.id,
      actorLabel: auditEvents.actorLabel,
      actorEmail: users.email,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      before: auditEvents.before,
      after: auditEvents.after,
      requestId: auditEvents.requestId,
      createdAt: auditEvents.createdAt,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(at.limit)
    .offset(at.offset)
    .all();
  return { rows, total, page: at.page, pages: at.pages };
}

export function listAuditActions(db: Tx): string[] {
  return db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .orderBy(auditEvents.action)
    .all()
    .map((r) => r.action);
}
