import { and, eq, inArray, max, sql } from "drizzle-orm";
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
  const progress = db
    .select({
      userId: lessonProgress.userId,
      lessonId: lessonProgress.lessonId,
      lastSeenAt: lessonProgress.lastSeenAt,
      completedAt: lessonProgress.completedAt,
    })
    .from(lessonProgress)
    .where(
      and(
        inArray(lessonProgress.userId, cohortMembers(db, cohortId)),
        eq(lessonProgress.courseId, rules.courseId),
      ),
    )
    .all();
  const scores = countedQuizScores(db, cohortId, rules);

  const lessonIndex = new Map(rules.lessons.map((lesson, i) => [lesson.id, i]));
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
      quizScores: [],
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
    seen(student, row.lastSeenAt.getTime());
    const i = lessonIndex.get(row.lessonId);
    // A lesson content no longer lists keeps its history but has no column.
    const cell = i === undefined ? undefined : student.cells[i];
    if (!cell) continue;
    cell.state = row.completedAt ? "complete" : "started";
    if (row.completedAt && rules.lessons[i as number]?.required) student.completedRequired += 1;
  }
  const quizzes = rules.lessons.map((lesson) => lesson.quizIds.map((quizId) => quizKeyOf(lesson.id, quizId)));
  for (const student of byUser.values()) {
    const mine = scores.get(student.userId);
    if (mine) seen(student, mine.lastAt);
    let sum = 0;
    let n = 0;
    quizzes.forEach((keys, i) => {
      const taken = keys.map((key) => mine?.scores.get(key)).filter((s): s is number => s !== undefined);
      const cell = student.cells[i];
      if (cell && taken.length > 0) cell.score = Math.round(mean(taken));
      sum += taken.reduce((a, b) => a + b, 0);
      n += taken.length;
    });
    student.quizAverage = n === 0 ? null : Math.round(sum / n);
    student.quizScores = quizzes.flat().map((key) => mine?.scores.get(key) ?? null);
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

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Per student of the cohort: each quiz's counted score (best or last, as the
 * course counts) and their latest submission. One grouped query.
 */
function countedQuizScores(db: Tx, cohortId: number, rules: CourseRules) {
  // SQLite returns the bare `score` column from the row holding max(submitted_at): the last attempt.
  const score = rules.quizzes.counting === "best" ? max(quizAttempts.score) : quizAttempts.score;
  const rows = db
    .select({
      userId: quizAttempts.userId,
      lessonId: quizAttempts.lessonId,
      quizId: quizAttempts.quizId,
      score: sql<number>`${score}`,
      lastAt: sql<number>`max(${quizAttempts.submittedAt})`,
    })
    .from(quizAttempts)
    .where(
      and(
        inArray(quizAttempts.userId, cohortMembers(db, cohortId)),
        eq(quizAttempts.courseId, rules.courseId),
      ),
    )
    .groupBy(quizAttempts.userId, quizAttempts.lessonId, quizAttempts.quizId)
    .all();
  const byUser = new Map<number, { scores: Map<string, number>; lastAt: number }>();
  for (const row of rows) {
    let entry = byUser.get(row.userId);
    if (!entry) {
      entry = { scores: new Map(), lastAt: 0 };
      byUser.set(row.userId, entry);
    }
    entry.scores.set(quizKeyOf(row.lessonId, row.quizId), row.score);
    entry.lastAt = Math.max(entry.lastAt, row.lastAt);
  }
  return byUser;
}

/** The course's quizzes in course order, as the grades export's columns. */
export function quizColumns(rules: CourseRules) {
  return rules.lessons.flatMap((lesson) => lesson.quizIds.map((quizId) => ({ lessonId: lesson.id, quizId })));
}

const byName = (a: StudentProgress, b: StudentProgress) =>
  a.name.localeCompare(b.name, "zh-CN") || a.userId - b.userId;

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
