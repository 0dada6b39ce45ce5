import { asc, count, eq } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { universities } from "~db/schema";
import { type Actor, recordAudit } from "./audit.server";
import { paging } from "./paging.server";
import { containsAny } from "./search.server";

export const UNIVERSITY_PAGE_SIZE = 50;

export interface UniversityInput {
  code: string;
  nameZh: string;
  nameEn: string;
}

export class DuplicateCodeError extends Error {}

export function listUniversities(db: Db, { q = "", page = 1 }: { q?: string; page?: number }) {
  const where = q ? containsAny(q, [universities.code, universities.nameZh, universities.nameEn]) : undefined;
  const total = db.select({ n: count() }).from(universities).where(where).get()?.n ?? 0;
  const at = paging(total, page, UNIVERSITY_PAGE_SIZE);
  const rows = db
    .select()
    .from(universities)
    .where(where)
    .orderBy(asc(universities.code))
    .limit(at.limit)
    .offset(at.offset)
    .all();
  return { rows, total, page: at.page, pages: at.pages };
}

export function allUniversities(db: Db) {
  return db
    .select({
      id: universities.id,
      code: universities.code,
      nameZh: universities.nameZh,
      nameEn: universities.nameEn,
    })
    .from(universities)
    .orderBy(asc(universities.code))
    .all();
}

export function getUniversity(db: Db, id: number) {
  return db.select().from(universities).where(eq(universities.id, id)).get();
}

export function createUniversity(db: Db, actor: Actor, input: UniversityInput) {
  return db.transaction(
    (tx) => {
      if (
        tx.select({ id: universities.id }).from(universities).where(eq(universities.code, input.code)).get()
      ) {
        throw new DuplicateCodeError(input.code);
      }
      const row = tx.insert(universities).values(input).returning().get();
      recordAudit(tx, actor, {
        action: "university.create",
        targetType: "university",
        targetId: row.id,
        after: input,
      });
      return row;
    },
    { behavior: "immediate" },
  );
}

export function updateUniversity(db: Db, actor: Actor, id: number, input: UniversityInput) {
  return db.transaction(
    (tx) => {
      const before = tx.select().from(universities).where(eq(universities.id, id)).get();
      if (!before) return null;
      const clash = tx
        .select({ id: universities.id })
        .from(universities)
        .where(eq(universities.code, input.code))
        .get();
      if (clash && clash.id !== id) throw new DuplicateCodeError(input.code);
      const row = tx
        .update(universities)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(universities.id, id))
        .returning()
        .get();
      recordAudit(tx, actor, {
        action: "university.update",
        targetType: "university",
        targetId: id,
        before: { code: before.code, nameZh: before.nameZh, nameEn: before.nameEn },
        after: input,
      });
      return row;
    },
    { behavior: "immediate" },
  );
}
