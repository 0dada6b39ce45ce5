import { randomInt } from "node:crypto";
import { and, count, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "~db/client.server";
import { type Cohort, cohortTeachers, cohorts, enrolments, retiredJoinCodes, users } from "~db/schema";
import { type Actor, recordAudit } from "./audit.server";

/** No 0/O, 1/I/L: a code read aloud or copied from a projector survives. */
export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JOIN_CODE_LENGTH = 8;
const JOIN_CODE_PATTERN = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

export function generateJoinCode(): string {
  let code = "";
  for (let i = 0; i < JOIN_CODE_LENGTH; i += 1)
    code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

/** A code as typed (any case, spaces or hyphens between groups) in stored form, or null when it cannot be one. */
export function normaliseJoinCode(raw: string): string | null {
  const code = raw.replace(/[\s-]/g, "").toUpperCase();
  return JOIN_CODE_PATTERN.test(code) ? code : null;
}

/** Shown in groups of four, which people copy more reliably. */
export function displayJoinCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function codeInUse(db: Tx, code: string): boolean {
  return Boolean(
    db.select({ id: cohorts.id }).from(cohorts).where(eq(cohorts.joinCode, code)).get() ??
      db
        .select({ code: retiredJoinCodes.code })
        .from(retiredJoinCodes)
        .where(eq(retiredJoinCodes.code, code))
        .get(),
  );
}

/** A code no cohort uses or used: a retired code must keep saying "replaced", never lead elsewhere. */
function freshJoinCode(db: Tx): string {
  for (let tries = 0; tries < 10; tries += 1) {
    const code = generateJoinCode();
    if (!codeInUse(db, code)) return code;
  }
  throw new Error("could not find an unused join code");
}

const day = z.iso.date();

export const cohortInputSchema = z
  .object({
    courseId: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    universityId: z.number().int().positive(),
    name: z.string().trim().min(1).max(120),
    term: z.string().trim().min(1).max(40),
    startsOn: day,
    endsOn: day,
    capacity: z.number().int().min(1).max(100_000).nullable(),
    joinCodeExpiresAt: z.date().nullable(),
    teacherIds: z.array(z.number().int().positive()).max(20),
  })
  .refine((input) => input.endsOn >= input.startsOn, {
    path: ["endsOn"],
    message: "a cohort cannot end before it starts",
  });
export type CohortInput = z.input<typeof cohortInputSchema>;

function assertTeachers(db: Tx, ids: number[]) {
  if (ids.length === 0) return;
  const found = db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), ne(users.role, "student")))
    .all();
  if (found.length !== new Set(ids).size)
    throw new Error("every cohort teacher must be a teacher or admin account");
}

/** Creates a cohort with a fresh join code and its teachers, audited, all or nothing. */
export function createCohort(db: Db, actor: Actor, raw: CohortInput): Cohort {
  const input = cohortInputSchema.parse(raw);
  return db.transaction(
    (tx) => {
      assertTeachers(tx, input.teacherIds);
      const cohort = tx
        .insert(cohorts)
        .values({
          courseId: input.courseId,
          universityId: input.universityId,
          name: input.name,
          term: input.term,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          capacity: input.capacity,
          joinCode: freshJoinCode(tx),
          joinCodeExpiresAt: input.joinCodeExpiresAt,
          createdBy: actor.id,
        })
        .returning()
        .get();
      for (const userId of new Set(input.teacherIds)) {
        tx.insert(cohortTeachers).values({ cohortId: cohort.id, userId }).run();
      }
      const { joinCode: _secret, ...shown } = cohort;
      recordAudit(tx, actor, {
        action: "cohort.create",
        targetType: "cohort",
        targetId: cohort.id,
        after: { ...shown, teacherIds: [...new Set(input.teacherIds)] },
      });
      return cohort;
    },
    { behavior: "immediate" },
  );
}

/**
 * Replaces the join code (the old one then says "replaced"); the expiry is
 * set anew, null for none. Returns undefined for an unknown cohort.
 */
export function rotateJoinCode(
  db: Db,
  actor: Actor,
  cohortId: number,
  expiresAt: Date | null,
  now = Date.now(),
): Cohort | undefined {
  return db.transaction(
    (tx) => {
      const before = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
      if (!before) return undefined;
      tx.insert(retiredJoinCodes)
        .values({ code: before.joinCode, cohortId, retiredAt: new Date(now) })
        .run();
      const after = tx
        .update(cohorts)
        .set({ joinCode: freshJoinCode(tx), joinCodeExpiresAt: expiresAt, updatedAt: new Date(now) })
        .where(eq(cohorts.id, cohortId))
        .returning()
        .get();
      recordAudit(tx, actor, {
        action: "cohort.rotate-code",
        targetType: "cohort",
        targetId: cohortId,
        before: { joinCodeExpiresAt: before.joinCodeExpiresAt },
        after: { joinCodeExpiresAt: expiresAt },
      });
      return after;
    },
    { behavior: "immediate" },
  );
}

/** Sets or clears the current code's expiry, audited. */
export function setJoinCodeExpiry(
  db: Db,
  actor: Actor,
  cohortId: number,
  expiresAt: Date | null,
  now = Date.now(),
): Cohort | undefined {
  return db.transaction(
    (tx) => {
      const before = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
      if (!before) return undefined;
      const after = tx
        .update(cohorts)
        .set({ joinCodeExpiresAt: expiresAt, updatedAt: new Date(now) })
        .where(eq(cohorts.id, cohortId))
        .returning()
        .get();
      recordAudit(tx, actor, {
        action: "cohort.code-expiry",
        targetType: "cohort",
        targetId: cohortId,
        before: { joinCodeExpiresAt: before.joinCodeExpiresAt },
        after: { joinCodeExpiresAt: expiresAt },
      });
      return after;
    },
    { behavior: "immediate" },
  );
}

export type CodeLookup =
  | { status: "open"; cohort: Cohort }
  | { status: "unknown" | "rotated" | "expired" | "ended"; cohort?: undefined };

/**
 * What a join code leads to at `now`. Capacity is checked when enrolling,
 * inside the transaction that enrols. `today` is the calendar day in Asia/Shanghai.
 */
export function lookupJoinCode(db: Tx, raw: string, now: number, today: string): CodeLookup {
  const code = normaliseJoinCode(raw);
  if (!code) return { status: "unknown" };
  const cohort = db.select().from(cohorts).where(eq(cohorts.joinCode, code)).get();
  if (!cohort) {
    const retired = db
      .select({ code: retiredJoinCodes.code })
      .from(retiredJoinCodes)
      .where(eq(retiredJoinCodes.code, code))
      .get();
    return { status: retired ? "rotated" : "unknown" };
  }
  if (cohort.archivedAt || cohort.endsOn < today) return { status: "ended" };
  if (cohort.joinCodeExpiresAt && cohort.joinCodeExpiresAt.getTime() <= now) return { status: "expired" };
  return { status: "open", cohort };
}

/** Learners who hold a place (dropped students free theirs). */
export function seatsTaken(db: Tx, cohortId: number): number {
  return (
    db
      .select({ n: count() })
      .from(enrolments)
      .where(and(eq(enrolments.cohortId, cohortId), ne(enrolments.status, "dropped")))
      .get()?.n ?? 0
  );
}

export function isCohortTeacher(db: Tx, userId: number, cohortId: number): boolean {
  return Boolean(
    db
      .select({ id: cohortTeachers.cohortId })
      .from(cohortTeachers)
      .where(and(eq(cohortTeachers.userId, userId), eq(cohortTeachers.cohortId, cohortId)))
      .get(),
  );
}

/** Whether the user teaches any cohort of the course (by stable course id). */
export function teachesCourse(db: Tx, userId: number, courseId: string): boolean {
  return Boolean(
    db
      .select({ id: cohorts.id })
      .from(cohortTeachers)
      .innerJoin(cohorts, eq(cohorts.id, cohortTeachers.cohortId))
      .where(and(eq(cohortTeachers.userId, userId), eq(cohorts.courseId, courseId)))
      .limit(1)
      .get(),
  );
}

export function getCohort(db: Tx, id: number): Cohort | undefined {
  return db.select().from(cohorts).where(eq(cohorts.id, id)).get();
}
