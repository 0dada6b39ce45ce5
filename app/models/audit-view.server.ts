import { inArray } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { universities, users } from "~db/schema";
import { listAuditEvents } from "./audit.server";

/** A stored value as the viewer will read it; the page translates and formats it. */
export type ChangeValue = string | number | boolean | null;
export interface FieldChange {
  field: string;
  before?: ChangeValue;
  after?: ChangeValue;
}

export type AuditTarget =
  | { kind: "user"; name: string | null; email: string | null; id: string }
  | { kind: "university"; code: string | null; nameZh: string | null; nameEn: string | null; id: string }
  | { kind: "other"; type: string; id: string | null };

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function plain(value: unknown): ChangeValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/**
 * Field-by-field: for an update, only what differs; for a creation (or a
 * removal) every field that was written.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const fields = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const from = b ? plain(b[field]) : undefined;
    const to = a ? plain(a[field]) : undefined;
    if (b && a && from === to) continue;
    changes.push({
      field,
      ...(from === undefined ? {} : { before: from }),
      ...(to === undefined ? {} : { after: to }),
    });
  }
  return changes;
}

const ids = (values: (string | number | null | undefined)[]) => [
  ...new Set(values.map((v) => Number(v)).filter((v) => Number.isSafeInteger(v) && v > 0)),
];

/**
 * One page of the audit log for people: targets by name or email rather than
 * `user #3`, changes as a list of fields, and the universities those changes
 * mention, so the page can name them in the viewer's language.
 */
export function auditPage(db: Tx, filter: { actorEmail?: string; action?: string; page?: number }) {
  const page = listAuditEvents(db, filter);
  const changesOf = page.rows.map((row) => fieldChanges(row.before, row.after));
  const userIds = ids(page.rows.filter((r) => r.targetType === "user").map((r) => r.targetId));
  const universityIds = ids([
    ...page.rows.filter((r) => r.targetType === "university").map((r) => r.targetId),
    ...(changesOf.flat().flatMap((c) => (c.field === "universityId" ? [c.before, c.after] : [])) as (
      | string
      | number
    )[]),
  ]);
  const userById = new Map(
    (userIds.length
      ? db
          .select({ id: users.id, name: users.name, email: users.email })
          .from(users)
          .where(inArray(users.id, userIds))
          .all()
      : []
    ).map((u) => [String(u.id), u]),
  );
  const universityList = universityIds.length
    ? db
        .select({
          id: universities.id,
          code: universities.code,
          nameZh: universities.nameZh,
          nameEn: universities.nameEn,
        })
        .from(universities)
        .where(inArray(universities.id, universityIds))
        .all()
    : [];
  const universityById = new Map(universityList.map((u) => [String(u.id), u]));

  const rows = page.rows.map((row, index) => {
    const recorded = asRecord(row.after) ?? asRecord(row.before);
    let target: AuditTarget;
    if (row.targetType === "user" && row.targetId) {
      const user = userById.get(row.targetId);
      const email = user?.email ?? (typeof recorded?.email === "string" ? recorded.email : null);
      target = { kind: "user", id: row.targetId, name: user?.name ?? null, email };
    } else if (row.targetType === "university" && row.targetId) {
      const uni = universityById.get(row.targetId);
      target = {
        kind: "university",
        id: row.targetId,
        code: uni?.code ?? null,
        nameZh: uni?.nameZh ?? null,
        nameEn: uni?.nameEn ?? null,
      };
    } else {
      target = { kind: "other", type: row.targetType, id: row.targetId };
    }
    return {
      id: row.id,
      createdAt: row.createdAt,
      actor: row.actorEmail ?? row.actorLabel,
      action: row.action,
      target,
      changes: changesOf[index] ?? [],
      requestId: row.requestId,
    };
  });
  return { ...page, rows, universities: universityList };
}
