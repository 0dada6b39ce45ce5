import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { certificates, enrolments, lessonProgress, quizAttempts, users } from "~db/schema";
import type { CourseRules } from "./course-rules.server";
import { paging } from "./paging.server";
import { quizKeyOf } from "./quiz-attempts.server";
import {
  type CellState,
  DEFAULT_INACTIVE_DAYS,
  PROGRESS_PAGE_SIZE,
  type ProgressFilter,
  type ProgressQuery,
  type ProgressSort,
} from "./cohort-progress";
import { containsAny } from "./search.server";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Who the matrix is about: dropped students keep their history but leave the teacher's daily view. */
const COUNTED = ["active", "completed"] as const;

export interface LessonCell {
  state: CellState;
  /** Mean counted score (best or last, as the course says) of the lesson's attempted quizzes; null if none attempted. */
  score: number | null;
}

export interface StudentProgress {
  userId: number;
  name: string;
  email: string;
  studentNumber: string | null;
  status: (typeof COUNTED)[number];
  enrolledAt: number;
  /** Lessons the course lists now, in course order. */
  cells: LessonCell[];
  completedRequired: number;
  requiredLessons: number;
  /** Required lessons complete, 0–100, as the learner's dashboard shows it. */
  percent: number;
  /** The latest lesson view or quiz submission in this course; null for a student who never started. */
  lastActivity: number | null;
  /**
   * Mean counted score over the quizzes the student attempted; null before the first attempt.
   * Unlike the certificate rule (unsubmitted = 0) this does not sink a student who is simply early in the term.
   */
  quizAverage: number | null;
  /** Counted score of each quiz of the course, in course order (quizKeys); null if never submitted. */
  quizScores: (number | null)[];
  certificateId: string | null;
  inactive: boolean;
  belowPassMark: boolean;
  notStarted: boolean;
}

interface Scoring {
  rules: CourseRules;
  now: number;
  inactiveDays: number;
}

/**
 * Every counted student of the cohort with their per-lesson states and
 * figures: three set-based queries (roster, progress rows, counted quiz
 * scores), put together in memory. Scoped by the caller: pass a cohort the
 * viewer may see.
 */
export function cohortStudentProgress(db: Tx, cohortId: number, scoring: Scoring, q = ""): StudentProgress[] {
  const { rules, now, inactiveDays } = scoring;
  const roster = db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      studentNumber: users.studentNumber,
      status: enrolments.status,
      enrolledAt: enrolments.enrolledAt,
      certificateId: certificates.id,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .leftJoin(
      certificates,
      and(eq(certificates.userId, enrolments.userId), eq(certificates.courseId, rules.courseId)),
    )
    .where(
      and(
        eq(enrolments.cohortId, cohortId),
        inArray(enrolments.status, [...COUNTED]),
        q ? containsAny(q, [users.name, users.studentNumber, users.email]) : undefined,
      ),
    )
    .all();
  // Raw rows (times stay integers): mapping thousands of rows to Dates was a third of the matrix's time.
  const progress = db.all<{
    userId: number;
    lessonId: string;
    lastSeenAt: number;
    completedAt: number | null;
  }>(
    sql`select ${lessonProgress.userId} as userId, ${lessonProgress.lessonId} as lessonId,
      ${lessonProgress.lastSeenAt} as lastSeenAt, ${lessonProgress.completedAt} as completedAt
      from ${lessonProgress}
      where ${lessonProgress.userId} in ${cohortMembers(db, cohortId)} and ${lessonProgress.courseId} = ${rules.courseId}`,
  );
  const scores = countedQuizScores(db, cohortId, rules);

  // Column of each lesson, and slot of each quiz (course order) with the lesson column it belongs to.
  const lessonIndex = new Map(rules.lessons.map((lesson, i) => [lesson.id, i]));
  const quizSlot = new Map<string, number>();
  const slotLesson: number[] = [];
  rules.lessons.forEach((lesson, i) => {
    for (const quizId of lesson.quizIds) {
      quizSlot.set(quizKeyOf(lesson.id, quizId), slotLesson.length);
      slotLesson.push(i);
    }
  });
  const required = rules.lessons.filter((lesson) => lesson.required).length;
  const byUser = new Map<number, StudentProgress>();
  const idle = now - inactiveDays * DAY_MS;
  for (const row of roster) {
    byUser.set(row.userId, {
      ...row,
      status: row.status === "completed" ? "completed" : "active",
      enrolledAt: row.enrolledAt.getTime(),
      cells: rules.lessons.map(() => ({ state: "not-started", score: null })),
      completedRequired: 0,
      requiredLessons: required,
      percent: 0,
      lastActivity: null,
      quizAverage: null,
      quizScores: slotLesson.map(() => null),
      inactive: false,
      belowPassMark: false,
      notStarted: true,
    });
  }
  const seen = (student: StudentProgress, at: number) => {
    if (student.lastActivity === null || at > student.lastActivity) student.lastActivity = at;
  };
  for (const row of progress) {
    const student = byUser.get(row.userId);
    if (!student) continue;
    seen(student, row.lastSeenAt);
    const i = lessonIndex.get(row.lessonId);
    // A lesson content no longer lists keeps its history but has no column.
    const cell = i === undefined ? undefined : student.cells[i];
    if (!cell) continue;
    cell.state = row.completedAt !== null ? "complete" : "started";
    if (row.completedAt !== null && rules.lessons[i as number]?.required) student.completedRequired += 1;
  }
  for (const row of scores) {
    const student = byUser.get(row.userId);
    if (!student) continue;
    seen(student, row.lastAt);
    const slot = quizSlot.get(quizKeyOf(row.lessonId, row.quizId));
    if (slot !== undefined) student.quizScores[slot] = row.score;
  }
  const lessonSum = rules.lessons.map(() => 0);
  const lessonCount = rules.lessons.map(() => 0);
  for (const student of byUser.values()) {
    lessonSum.fill(0);
    lessonCount.fill(0);
    let sum = 0;
    let n = 0;
    student.quizScores.forEach((score, slot) => {
      if (score === null) return;
      const i = slotLesson[slot] as number;
      lessonSum[i] = (lessonSum[i] ?? 0) + score;
      lessonCount[i] = (lessonCount[i] ?? 0) + 1;
      sum += score;
      n += 1;
    });
    student.cells.forEach((cell, i) => {
      const count = lessonCount[i] ?? 0;
      if (count > 0) cell.score = Math.round((lessonSum[i] ?? 0) / count);
    });
    student.quizAverage = n === 0 ? null : Math.round(sum / n);
    student.percent = required === 0 ? 0 : Math.round((100 * student.completedRequired) / required);
    student.notStarted = student.lastActivity === null;
    // Someone who joined yesterday is not yet "inactive for a week".
    student.inactive = Math.max(student.lastActivity ?? 0, student.enrolledAt) < idle;
    student.belowPassMark = student.quizAverage !== null && student.quizAverage < rules.passMark;
  }
  return [...byUser.values()];
}

/**
 * The counted students of a cohort as a subquery. Written as `user_id IN (…)`
 * rather than a join so SQLite walks the cohort's enrolments and then each
 * person's rows by the (user, course, …) indexes, in group order, instead of
 * every row of the course across the province (checked with EXPLAIN QUERY PLAN).
 */
export function cohortMembers(db: Tx, cohortId: number) {
  return db
    .select({ userId: enrolments.userId })
    .from(enrolments)
    .where(and(eq(enrolments.cohortId, cohortId), inArray(enrolments.status, [...COUNTED])));
}

/**
 * Per student and quiz of the cohort: the counted score (best or last, as
 * the course counts) and the latest submission. One grouped query that walks
 * the (user, course, lesson, quiz, time) index in order.
 */
function countedQuizScores(db: Tx, cohortId: number, rules: CourseRules) {
  // SQLite returns the bare `score` column from the row holding max(submitted_at): the last attempt.
  const score = rules.quizzes.counting === "best" ? sql`max(${quizAttempts.score})` : quizAttempts.score;
  return db.all<{ userId: number; lessonId: string; quizId: string; score: number; lastAt: number }>(
    sql`select ${quizAttempts.userId} as userId, ${quizAttempts.lessonId} as lessonId,
      ${quizAttempts.quizId} as quizId, ${score} as score, max(${quizAttempts.submittedAt}) as lastAt
      from ${quizAttempts}
      where ${quizAttempts.userId} in ${cohortMembers(db, cohortId)} and ${quizAttempts.courseId} = ${rules.courseId}
      group by ${quizAttempts.userId}, ${quizAttempts.lessonId}, ${quizAttempts.quizId}`,
  );
}

/** The course's quizzes in course order, as the grades export's columns. */
export function quizColumns(rules: CourseRules) {
  return rules.lessons.flatMap((lesson) => lesson.quizIds.map((quizId) => ({ lessonId: lesson.id, quizId })));
}

// One collator for every comparison (localeCompare with a locale builds one per call); pinyin order for Chinese names.
const collator = new Intl.Collator("zh-CN");
const byName = (a: StudentProgress, b: StudentProgress) =>
  collator.compare(a.name, b.name) || a.userId - b.userId;

/** Missing figures (never active, no quiz yet) sort last whichever way the column is sorted. */
function compareBy(sort: ProgressSort, dir: "asc" | "desc") {
  const sign = dir === "asc" ? 1 : -1;
  if (sort === "name") return (a: StudentProgress, b: StudentProgress) => sign * byName(a, b);
  const value = (s: StudentProgress) =>
    sort === "progress" ? s.percent : sort === "activity" ? s.lastActivity : s.quizAverage;
  return (a: StudentProgress, b: StudentProgress) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  };
}

export function matchesFilter(student: StudentProgress, filter: ProgressFilter): boolean {
  if (filter === "at-risk") return student.inactive || student.belowPassMark;
  if (filter === "not-started") return student.notStarted;
  return true;
}

/**
 * The progress matrix for one page: filtered, searched (name, student number,
 * email), sorted and paged, with how many students each filter would show.
 */
export function progressMatrix(
  db: Tx,
  cohortId: number,
  rules: CourseRules,
  query: ProgressQuery,
  now = Date.now(),
) {
  const all = cohortStudentProgress(db, cohortId, { rules, now, inactiveDays: query.inactiveDays }, query.q);
  const counts = {
    all: all.length,
    "at-risk": all.filter((s) => matchesFilter(s, "at-risk")).length,
    "not-started": all.filter((s) => matchesFilter(s, "not-started")).length,
  } satisfies Record<ProgressFilter, number>;
  const shown = all.filter((s) => matchesFilter(s, query.filter)).sort(compareBy(query.sort, query.dir));
  const at = paging(shown.length, query.page, PROGRESS_PAGE_SIZE);
  return {
    rows: shown.slice(at.offset, at.offset + at.limit),
    total: shown.length,
    page: at.page,
    pages: at.pages,
    counts,
  };
}

/** Every counted student in name order, for the exports. */
export function allStudentProgress(db: Tx, cohortId: number, rules: CourseRules, now = Date.now()) {
  return cohortStudentProgress(db, cohortId, { rules, now, inactiveDays: DEFAULT_INACTIVE_DAYS }).sort(
    byName,
  );
}
