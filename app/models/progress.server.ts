import { and, eq, sql } from "drizzle-orm";
import { type Db, type Tx, immediateTransaction, perConnection } from "~db/client.server";
import { type LessonProgress, lessonProgress } from "~db/schema";
import { ACTIVITY_GRANULARITY_MS, prepareActivityTouch, recountSummary } from "./progress-summaries.server";

/** A lesson by its stable ids (never its folder): what progress hangs on. */
export interface LessonRef {
  courseId: string;
  lessonId: string;
}

/** The most time one batch may add; the reader sends a batch about every half minute of visible, active time. */
export const MAX_BATCH_SECONDS = 60;
// Clock and network slack between two batches.
const GRACE_SECONDS = 5;

const conflictTarget = [lessonProgress.userId, lessonProgress.courseId, lessonProgress.lessonId];

/** Opening a lesson: the first time starts it; later times only mark it seen. Recounts the course summary. */
export function startLesson(db: Tx, userId: number, ref: LessonRef, now = Date.now()): LessonProgress {
  const at = new Date(now);
  return db.transaction(
    (tx) => {
      const row = tx
        .insert(lessonProgress)
        .values({ userId, ...ref, firstSeenAt: at, lastSeenAt: at })
        .onConflictDoUpdate({ target: conflictTarget, set: { lastSeenAt: at } })
        .returning()
        .get();
      recountSummary(tx, userId, ref.courseId);
      return row;
    },
    { behavior: "immediate" },
  );
}

/**
 * Completes a lesson (starting it if need be); completing again keeps the
 * first completion time. Recounts the course summary in the same transaction.
 */
export function completeLesson(db: Tx, userId: number, ref: LessonRef, now = Date.now()): LessonProgress {
  const at = new Date(now);
  return db.transaction(
    (tx) => {
      const row = tx
        .insert(lessonProgress)
        .values({ userId, ...ref, firstSeenAt: at, lastSeenAt: at, completedAt: at })
        .onConflictDoUpdate({
          target: conflictTarget,
          set: { lastSeenAt: at, completedAt: sql`coalesce(${lessonProgress.completedAt}, ${now})` },
        })
        .returning()
        .get();
      recountSummary(tx, userId, ref.courseId);
      return row;
    },
    { behavior: "immediate" },
  );
}

/**
 * Adds a batch of reading time. A batch counts at most MAX_BATCH_SECONDS and
 * never more than the wall-clock time since the lesson was last seen, so
 * replayed, inflated or overlapping batches (two tabs) add nothing extra.
 * Returns the seconds credited; 0 for a lesson never opened.
 */
export function addLessonTime(
  db: Db,
  userId: number,
  ref: LessonRef,
  seconds: number,
  now = Date.now(),
): number {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_BATCH_SECONDS) {
    throw new RangeError(`a time batch is 1-${MAX_BATCH_SECONDS} whole seconds`);
  }
  const statements = timeStatementsFor(db);
  return immediateTransaction(db, () => {
    const row = statements.find.get({ userId, ...ref });
    if (!row) return 0;
    const lastSeen = row.lastSeenAt.getTime();
    const elapsed = Math.max(0, Math.floor((now - lastSeen) / 1000)) + GRACE_SECONDS;
    const credited = Math.min(seconds, elapsed);
    const seenAt = Math.max(now, lastSeen);
    statements.add.run({ id: row.id, credited, lastSeenAt: seenAt });
    // Usually matches nothing: the summary was touched within the hour (ACTIVITY_GRANULARITY_MS).
    statements.touch.run({ ...ref, userId, at: seenAt, staleBefore: seenAt - ACTIVITY_GRANULARITY_MS });
    return credited;
  });
}

// Time batches are the most frequent write of all (every reader, every half minute of reading):
// prepared once per connection, not built and compiled per request.
const timeStatementsFor = perConnection((db) => ({
  find: db
    .select({ id: lessonProgress.id, lastSeenAt: lessonProgress.lastSeenAt })
    .from(lessonProgress)
    .where(
      and(
        eq(lessonProgress.userId, sql.placeholder("userId")),
        eq(lessonProgress.courseId, sql.placeholder("courseId")),
        eq(lessonProgress.lessonId, sql.placeholder("lessonId")),
      ),
    )
    .prepare(),
  add: db
    .update(lessonProgress)
    .set({
      secondsSpent: sql`${lessonProgress.secondsSpent} + ${sql.placeholder("credited")}`,
      lastSeenAt: sql`${sql.placeholder("lastSeenAt")}`,
    })
    .where(eq(lessonProgress.id, sql.placeholder("id")))
    .prepare(),
  touch: prepareActivityTouch(db),
}));

export function findProgress(db: Tx, userId: number, ref: LessonRef): LessonProgress | undefined {
  return db
    .select()
    .from(lessonProgress)
    .where(
      and(
        eq(lessonProgress.userId, userId),
        eq(lessonProgress.courseId, ref.courseId),
        eq(lessonProgress.lessonId, ref.lessonId),
      ),
    )
    .get();
}

/** Every progress row of one person in one course, including lessons content no longer lists. */
export function courseProgress(db: Tx, userId: number, courseId: string): LessonProgress[] {
  return courseProgressStatement(db).all({ userId, courseId });
}

// Asked on every lesson view (the per-person state) and dashboard: prepared once per connection.
const courseProgressStatement = perConnection((db) =>
  db
    .select()
    .from(lessonProgress)
    .where(
      and(
        eq(lessonProgress.userId, sql.placeholder("userId")),
        eq(lessonProgress.courseId, sql.placeholder("courseId")),
      ),
    )
    .prepare(),
);
