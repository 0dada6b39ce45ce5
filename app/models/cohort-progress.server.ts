import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { certificates, enrolments, lessonProgress, progressSummaries, quizAttempts, users } from "~db/schema";
import type { CourseRules } from "./course-rules.server";
import { paging } from "./paging.server";
import { syncProgressSummaries } from "./progress-summaries.server";
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

/** One counted student's figures, without the per-lesson detail: what sorting, filtering and counting need. */
export interface StudentSummary {
  userId: number;
  name: string;
  email: string;
  studentNumber: string | null;
  status: (typeof COUNTED)[number];
  enrolledAt: number;
  completedRequired: number;
  requiredLessons: number;
  /** Required lessons complete, 0–100, as the learner's dashboard shows it. */
  percent: number;
  /** The latest lesson view or quiz submission in this course; null for a student who never started. */
  lastActivity: number | null;
  /**
   * Mean counted score over the course's quizzes the student attempted; null before the first attempt.
   * Unlike the certificate rule (unsubmitted = 0) this does not sink a student who is simply early in the term.
   */
  quizAverage: number | null;
  certificateId: string | null;
  inactive: boolean;
  belowPassMark: boolean;
  notStarted: boolean;
}

export interface StudentProgress extends StudentSummary {
  /** Lessons the course lists now, in course order. */
  cells: LessonCell[];
  /** Counted score of each quiz of the course, in course order (quizColumns); null if never submitted. */
  quizScores: (number | null)[];
}

interface Scoring {
  rules: CourseRules;
  now: number;
  inactiveDays: number;
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

/** The course's quizzes in course order, as the grades export's columns. */
export function quizColumns(rules: CourseRules) {
  return rules.lessons.flatMap((lesson) => lesson.quizIds.map((quizId) => ({ lessonId: lesson.id, quizId })));
}

/** SQLite's counted score of one quiz group: the best, or the bare `score` of the row holding max(submitted_at). */
const countedScore = (rules: CourseRules) =>
  rules.quizzes.counting === "best" ? sql`max(${quizAttempts.score})` : sql`${quizAttempts.score}`;

/**
 * Every counted student of the cohort (matching the search, if any) with
 * their figures, read from their progress summaries (decision 017): one
 * primary-key probe per student, whatever their progress. Scoped by the
 * caller: pass a cohort the viewer may see, after syncProgressSummaries().
 */
export function cohortStudentSummaries(db: Tx, cohortId: number, scoring: Scoring, q = ""): StudentSummary[] {
  const { rules, now, inactiveDays } = scoring;
  const required = rules.lessons.filter((lesson) => lesson.required).length;
  const search = q ? containsAny(q, [users.name, users.studentNumber, users.email]) : undefined;
  const rows = db.all<{
    userId: number;
    name: string;
    email: string;
    studentNumber: string | null;
    status: string;
    enrolledAt: number;
    certificateId: string | null;
    completedRequired: number | null;
    lessonSeen: number | null;
    quizSeen: number | null;
    quizTotal: number | null;
    quizCount: number | null;
  }>(sql`
    SELECT ${enrolments.userId} AS userId, ${users.name} AS name, ${users.email} AS email,
      ${users.studentNumber} AS studentNumber, ${enrolments.status} AS status,
      ${enrolments.enrolledAt} AS enrolledAt, c.id AS certificateId,
      s.completed_required AS completedRequired, nullif(s.last_active_at, 0) AS lessonSeen,
      s.quiz_last_at AS quizSeen, s.quiz_count AS quizCount,
      ${rules.quizzes.counting === "best" ? sql`s.quiz_best_total` : sql`s.quiz_last_total`} AS quizTotal
    FROM ${enrolments}
    JOIN ${users} ON ${users.id} = ${enrolments.userId}
    LEFT JOIN ${progressSummaries} s ON s.user_id = ${enrolments.userId} AND s.course_id = ${rules.courseId}
    LEFT JOIN ${certificates} c ON c.user_id = ${enrolments.userId} AND c.course_id = ${rules.courseId}
    WHERE ${enrolments.cohortId} = ${cohortId} AND ${enrolments.status} IN ${COUNTED}
      ${search ? sql`AND ${search}` : sql``}`);
  const idle = now - inactiveDays * DAY_MS;
  return rows.map((row) => {
    const lastActivity =
      row.lessonSeen === null
        ? row.quizSeen
        : row.quizSeen === null
          ? row.lessonSeen
          : Math.max(row.lessonSeen, row.quizSeen);
    const completedRequired = row.completedRequired ?? 0;
    const quizAverage = row.quizCount ? Math.round((row.quizTotal ?? 0) / row.quizCount) : null;
    return {
      userId: row.userId,
      name: row.name,
      email: row.email,
      studentNumber: row.studentNumber,
      status: row.status === "completed" ? "completed" : "active",
      enrolledAt: row.enrolledAt,
      certificateId: row.certificateId,
      completedRequired,
      requiredLessons: required,
      percent: required === 0 ? 0 : Math.round((100 * completedRequired) / required),
      lastActivity,
      quizAverage,
      notStarted: lastActivity === null,
      // Someone who joined yesterday is not yet "inactive for a week".
      inactive: Math.max(lastActivity ?? 0, row.enrolledAt) < idle,
      belowPassMark: quizAverage !== null && quizAverage < rules.passMark,
    };
  });
}

/**
 * Each lesson's state and each quiz's counted score for the given students
 * (a page of them, or the whole cohort for the exports), keyed by user id.
 */
function studentCells(db: Tx, rules: CourseRules, who: number[] | ReturnType<typeof cohortMembers>) {
  // A row per student with their lessons and quiz scores as JSON: SQLite builds one string per
  // student instead of the driver building an object per lesson and per quiz (most of the cells' time).
  const lessonRows = db.all<{ userId: number; cells: string }>(sql`
    SELECT ${lessonProgress.userId} AS userId,
      json_group_array(json_array(${lessonProgress.lessonId}, ${lessonProgress.completedAt} IS NOT NULL)) AS cells
    FROM ${lessonProgress}
    WHERE ${inArray(lessonProgress.userId, who)} AND ${lessonProgress.courseId} = ${rules.courseId}
    GROUP BY ${lessonProgress.userId}`);
  const quizRows = db.all<{ userId: number; scores: string }>(sql`
    SELECT user_id AS userId, json_group_array(json_array(lesson_id, quiz_id, score)) AS scores
    FROM (
      SELECT ${quizAttempts.userId} AS user_id, ${quizAttempts.lessonId} AS lesson_id,
        ${quizAttempts.quizId} AS quiz_id, ${countedScore(rules)} AS score, max(${quizAttempts.submittedAt}) AS at
      FROM ${quizAttempts}
      WHERE ${inArray(quizAttempts.userId, who)} AND ${quizAttempts.courseId} = ${rules.courseId}
      GROUP BY ${quizAttempts.userId}, ${quizAttempts.lessonId}, ${quizAttempts.quizId}
    )
    GROUP BY user_id`);
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
  const byUser = new Map<number, Pick<StudentProgress, "cells" | "quizScores">>();
  const of = (userId: number) => {
    let found = byUser.get(userId);
    if (!found) {
      found = {
        cells: rules.lessons.map(() => ({ state: "not-started", score: null })),
        quizScores: slotLesson.map(() => null),
      };
      byUser.set(userId, found);
    }
    return found;
  };
  for (const row of lessonRows) {
    const { cells } = of(row.userId);
    for (const [lessonId, complete] of JSON.parse(row.cells) as [string, number][]) {
      // A lesson content no longer lists keeps its history but has no column.
      const i = lessonIndex.get(lessonId);
      const cell = i === undefined ? undefined : cells[i];
      if (cell) cell.state = complete ? "complete" : "started";
    }
  }
  for (const row of quizRows) {
    const { quizScores } = of(row.userId);
    for (const [lessonId, quizId, score] of JSON.parse(row.scores) as [string, string, number][]) {
      const slot = quizSlot.get(quizKeyOf(lessonId, quizId));
      if (slot !== undefined) quizScores[slot] = score;
    }
  }
  const lessonSum = rules.lessons.map(() => 0);
  const lessonCount = rules.lessons.map(() => 0);
  for (const student of byUser.values()) {
    lessonSum.fill(0);
    lessonCount.fill(0);
    student.quizScores.forEach((score, slot) => {
      if (score === null) return;
      const i = slotLesson[slot] as number;
      lessonSum[i] = (lessonSum[i] ?? 0) + score;
      lessonCount[i] = (lessonCount[i] ?? 0) + 1;
    });
    student.cells.forEach((cell, i) => {
      const count = lessonCount[i] ?? 0;
      if (count > 0) cell.score = Math.round((lessonSum[i] ?? 0) / count);
    });
  }
  return (userId: number) => byUser.get(userId) ?? of(userId);
}

/** Summaries with their cells: for the page's students only, or everyone when the caller passes the cohort. */
function withCells(
  db: Tx,
  rules: CourseRules,
  students: StudentSummary[],
  who: number[] | ReturnType<typeof cohortMembers>,
): StudentProgress[] {
  if (students.length === 0) return [];
  const cellsOf = studentCells(db, rules, who);
  return students.map((student) => ({ ...student, ...cellsOf(student.userId) }));
}

// One collator for every comparison (localeCompare with a locale builds one per call); pinyin order for Chinese names.
const collator = new Intl.Collator("zh-CN");
const byName = (a: StudentSummary, b: StudentSummary) =>
  collator.compare(a.name, b.name) || a.userId - b.userId;

/** Missing figures (never active, no quiz yet) sort last whichever way the column is sorted. */
function compareBy(sort: ProgressSort, dir: "asc" | "desc") {
  const sign = dir === "asc" ? 1 : -1;
  if (sort === "name") return (a: StudentSummary, b: StudentSummary) => sign * byName(a, b);
  const value = (s: StudentSummary) =>
    sort === "progress" ? s.percent : sort === "activity" ? s.lastActivity : s.quizAverage;
  return (a: StudentSummary, b: StudentSummary) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  };
}

export function matchesFilter(student: StudentSummary, filter: ProgressFilter): boolean {
  if (filter === "at-risk") return student.inactive || student.belowPassMark;
  if (filter === "not-started") return student.notStarted;
  return true;
}

/**
 * The progress matrix for one page: the whole cohort's figures from one
 * grouped query, filtered, searched (name, student number, email), sorted
 * and paged, with how many students each filter would show; then lesson
 * cells for that page's students only.
 */
export function progressMatrix(
  db: Tx,
  cohortId: number,
  rules: CourseRules,
  summaryRules: string,
  query: ProgressQuery,
  now = Date.now(),
) {
  syncProgressSummaries(db, summaryRules, now);
  const all = cohortStudentSummaries(db, cohortId, { rules, now, inactiveDays: query.inactiveDays }, query.q);
  const counts = {
    all: all.length,
    "at-risk": all.filter((s) => matchesFilter(s, "at-risk")).length,
    "not-started": all.filter((s) => matchesFilter(s, "not-started")).length,
  } satisfies Record<ProgressFilter, number>;
  const shown = all.filter((s) => matchesFilter(s, query.filter)).sort(compareBy(query.sort, query.dir));
  const at = paging(shown.length, query.page, PROGRESS_PAGE_SIZE);
  const page = shown.slice(at.offset, at.offset + at.limit);
  return {
    rows: withCells(
      db,
      rules,
      page,
      page.map((s) => s.userId),
    ),
    total: shown.length,
    page: at.page,
    pages: at.pages,
    counts,
  };
}

/** Every counted student in name order with every cell, for the exports (never paged). */
export function allStudentProgress(
  db: Tx,
  cohortId: number,
  rules: CourseRules,
  summaryRules: string,
  now = Date.now(),
) {
  syncProgressSummaries(db, summaryRules, now);
  const all = cohortStudentSummaries(db, cohortId, { rules, now, inactiveDays: DEFAULT_INACTIVE_DAYS }).sort(
    byName,
  );
  return withCells(db, rules, all, cohortMembers(db, cohortId));
}
