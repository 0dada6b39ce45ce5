import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { lessonProgress, quizAttempts } from "~db/schema";
import { calendarDay } from "~/utils/calendar-day";
import { cohortMembers } from "./cohort-progress.server";

/** A chart of a year's weeks still reads; a cohort left open for decades shows its latest year. */
export const MAX_WEEKS = 52;
const HOUR_MS = 60 * 60 * 1000;

export interface WeekBucket {
  /** Monday of the week, `YYYY-MM-DD` in Asia/Shanghai. */
  weekOf: string;
  /** Students with any lesson view, lesson completion or quiz submission that week. */
  activeStudents: number;
  /** Lessons completed that week, all students together. */
  lessonsCompleted: number;
}

/** Calendar-day arithmetic on plain dates (no time of day, so no time zone involved). */
function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function mondayOf(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** The Mondays from the term's first week to its last (or this week, if the term is still running). */
export function termWeeks(startsOn: string, endsOn: string, today: string): string[] {
  const last = mondayOf(endsOn < today ? endsOn : today);
  const weeks: string[] = [];
  for (let week = mondayOf(startsOn); week <= last; week = addDays(week, 7)) weeks.push(week);
  return weeks.slice(-MAX_WEEKS);
}

/**
 * Weekly active students and lesson completions of a cohort over its term,
 * weeks starting Monday in Asia/Shanghai. Lesson progress keeps a lesson's
 * first and latest view only, so "active" counts those views, completions
 * and quiz submissions: a week of re-reading an old lesson that was re-read
 * again later does not show.
 */
export function weeklyActivity(
  db: Tx,
  cohort: { id: number; courseId: string; startsOn: string; endsOn: string },
  now = Date.now(),
): WeekBucket[] {
  const weeks = termWeeks(cohort.startsOn, cohort.endsOn, calendarDay(now));
  const members = cohortMembers(db, cohort.id);
  const progress = db
    .select({
      userId: lessonProgress.userId,
      firstSeenAt: lessonProgress.firstSeenAt,
      lastSeenAt: lessonProgress.lastSeenAt,
      completedAt: lessonProgress.completedAt,
    })
    .from(lessonProgress)
    .where(and(inArray(lessonProgress.userId, members), eq(lessonProgress.courseId, cohort.courseId)))
    .all();
  const attempts = db
    .select({ userId: quizAttempts.userId, at: quizAttempts.submittedAt })
    .from(quizAttempts)
    .where(and(inArray(quizAttempts.userId, members), eq(quizAttempts.courseId, cohort.courseId)))
    .all();

  // The program's zone has whole-hour offsets: one Intl lookup per hour, not per event.
  const dayOfHour = new Map<number, string>();
  const weekIndex = (at: Date): number => {
    const hour = Math.floor(at.getTime() / HOUR_MS);
    let day = dayOfHour.get(hour);
    if (day === undefined) {
      day = calendarDay(hour * HOUR_MS);
      dayOfHour.set(hour, day);
    }
    const monday = mondayOf(day);
    return weeks.indexOf(monday);
  };
  const active = weeks.map(() => new Set<number>());
  const completed = weeks.map(() => 0);
  const mark = (userId: number, at: Date | null) => {
    if (!at) return -1;
    const i = weekIndex(at);
    active[i]?.add(userId);
    return i;
  };
  for (const row of progress) {
    mark(row.userId, row.firstSeenAt);
    mark(row.userId, row.lastSeenAt);
    const i = mark(row.userId, row.completedAt);
    if (i >= 0) completed[i] = (completed[i] ?? 0) + 1;
  }
  for (const row of attempts) mark(row.userId, row.at);
  return weeks.map((weekOf, i) => ({
    weekOf,
    activeStudents: active[i]?.size ?? 0,
    lessonsCompleted: completed[i] ?? 0,
  }));
}
