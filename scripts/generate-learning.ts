import type cliProgress from "cli-progress";
import type { Db } from "~db/client.server";
import { cohortTeachers, cohorts, enrolments, lessonProgress, quizAttempts } from "~db/schema";
import { getContentIndex } from "~/courseware/store.server";
import { generateJoinCode } from "~/models/cohorts.server";
import { getCourseRulesById } from "~/models/course-rules.server";
import { rebuildProgressSummaries } from "~/models/progress-summaries.server";
import { summaryRulesJson } from "~/models/course-rules.server";

interface GenCourse {
  id: string;
  passMark: number;
  lessons: { id: string; quizIds: string[] }[];
}

const SYNTHETIC_LESSONS = 12;
const DAY_MS = 86_400_000;
// Rows per INSERT statement: under SQLite's 32,766 bound parameters for the widest table (10 columns).
const PER_STATEMENT = 2_000;
// Students per transaction: big enough to be fast, small enough for the progress bar to move.
const PER_TRANSACTION = 1_000;

/**
 * The content's courses, then as many made-up ones as the progress target
 * needs (a real province has more courses than this repository; rows for
 * courses gone from content are history the dashboard must skip cheaply).
 */
async function generationCourses(rowsPerStudent: number): Promise<GenCourse[]> {
  const courses: GenCourse[] = [];
  for (const course of (await getContentIndex()).courses) {
    const rules = await getCourseRulesById(course.meta.id);
    if (!rules) continue;
    courses.push({
      id: rules.courseId,
      passMark: rules.passMark,
      lessons: rules.lessons.map((lesson) => ({ id: lesson.id, quizIds: lesson.quizIds })),
    });
  }
  const realLessons = courses.reduce((n, course) => n + course.lessons.length, 0);
  const extra = Math.max(0, Math.ceil((rowsPerStudent - realLessons) / SYNTHETIC_LESSONS));
  for (let k = 1; k <= extra; k++) {
    courses.push({
      id: `gen-course-${k}`,
      passMark: 60,
      lessons: Array.from({ length: SYNTHETIC_LESSONS }, (_, j) => ({
        id: `gen-c${k}-l${String(j + 1).padStart(2, "0")}`,
        quizIds: ["check"],
      })),
    });
  }
  return courses;
}

function insertAll<T>(rows: T[], insert: (chunk: T[]) => void) {
  for (let at = 0; at < rows.length; at += PER_STATEMENT) insert(rows.slice(at, at + PER_STATEMENT));
}

/**
 * How many sections (cohorts) each university × course pair gets so that there are `cohorts` in
 * all: the same number each, the remainder one more to the first pairs; at least one per pair.
 */
export function sectionsPerPair(pairs: number, cohorts: number): number[] {
  const each = Math.floor(cohorts / pairs);
  const extra = cohorts % pairs;
  return Array.from({ length: pairs }, (_, p) => Math.max(1, each + (p < extra ? 1 : 0)));
}

/**
 * About `cohorts` cohorts: sections of each university and course (see sectionsPerPair), each
 * student enrolled at their own university, in one section of each of their courses, and given
 * about `progressRows / students` lesson rows across those courses (a varying share complete,
 * with a quiz attempt for each completed lesson's quizzes). Deterministic apart from join codes.
 */
export async function generateLearning(
  db: Db,
  bar: cliProgress.SingleBar,
  input: {
    universityIds: number[];
    teacherIds: number[];
    studentIds: number[];
    progressRows: number;
    cohorts: number;
    run: string;
  },
) {
  const { universityIds, teacherIds, studentIds } = input;
  const totals = { cohorts: 0, enrolments: 0, progress: 0, attempts: 0, cohortIds: [] as number[] };
  if (universityIds.length === 0 || studentIds.length === 0) return totals;
  const rowsPerStudent = Math.ceil(input.progressRows / studentIds.length);
  const courses = await generationCourses(rowsPerStudent);
  const now = Date.now();

  // Cohorts: the sections of university u's course c are sectionIds[u * C + c], in order.
  const sections = sectionsPerPair(universityIds.length * courses.length, input.cohorts);
  const sectionIds: number[][] = [];
  const cohortIds: number[] = [];
  bar.start(
    sections.reduce((a, b) => a + b, 0),
    0,
    { task: "cohorts" },
  );
  db.transaction(
    (tx) => {
      universityIds.forEach((universityId, u) => {
        courses.forEach((course, c) => {
          const ids: number[] = [];
          sectionIds.push(ids);
          for (let section = 1; section <= (sections[u * courses.length + c] ?? 1); section++) {
            const cohort = tx
              .insert(cohorts)
              .values({
                courseId: course.id,
                universityId,
                name: `${course.id} · ${input.run} · ${section} 班`,
                term: "2026-autumn",
                startsOn: "2026-09-01",
                endsOn: "2027-01-31",
                capacity: null,
                joinCode: generateJoinCode(),
              })
              .returning({ id: cohorts.id })
              .get();
            const teacherId = teacherIds[cohortIds.length % Math.max(1, teacherIds.length)];
            ids.push(cohort.id);
            cohortIds.push(cohort.id);
            if (teacherId !== undefined)
              tx.insert(cohortTeachers).values({ cohortId: cohort.id, userId: teacherId }).run();
            bar.increment();
          }
        });
      });
    },
    { behavior: "immediate" },
  );
  bar.stop();
  totals.cohorts = cohortIds.length;
  totals.cohortIds = cohortIds;
  // The first teacher also co-teaches the next nine cohorts: the bench measures a teacher's home with ten.
  const busyTeacher = teacherIds[0];
  if (busyTeacher !== undefined)
    for (const cohortId of cohortIds.slice(1, 10))
      db.insert(cohortTeachers).values({ cohortId, userId: busyTeacher }).onConflictDoNothing().run();

  let remaining = input.progressRows;
  const seatsTaken = sections.map(() => 0);
  bar.start(studentIds.length, 0, { task: "enrolments, progress, attempts" });
  for (let start = 0; start < studentIds.length; start += PER_TRANSACTION) {
    const enrolled: (typeof enrolments.$inferInsert)[] = [];
    const progress: (typeof lessonProgress.$inferInsert)[] = [];
    const attempts: (typeof quizAttempts.$inferInsert)[] = [];
    for (let i = start; i < Math.min(studentIds.length, start + PER_TRANSACTION); i++) {
      const userId = studentIds[i] as number;
      const u = i % universityIds.length;
      let quota = Math.min(rowsPerStudent, remaining);
      for (let step = 0; step < courses.length && quota > 0; step++) {
        const c = (i + step) % courses.length;
        const course = courses[c] as GenCourse;
        const enrolledAt = now - (30 + (i % 60)) * DAY_MS;
        // The sections of a university's course fill in turn, one student each.
        const pair = u * courses.length + c;
        const ids = sectionIds[pair] as number[];
        const seat = seatsTaken[pair] ?? 0;
        seatsTaken[pair] = seat + 1;
        enrolled.push({
          userId,
          cohortId: ids[seat % ids.length] as number,
          enrolledAt: new Date(enrolledAt),
        });
        const lessons = course.lessons.slice(0, quota);
        // A spread of learners: some just started, some done with every lesson they opened.
        const done = (i * 7 + c * 3) % (lessons.length + 1);
        lessons.forEach((lesson, j) => {
          const seen = enrolledAt + (j + 1) * DAY_MS;
          const completed = j < done;
          progress.push({
            userId,
            courseId: course.id,
            lessonId: lesson.id,
            firstSeenAt: new Date(seen),
            lastSeenAt: new Date(seen + 3_600_000),
            completedAt: completed ? new Date(seen + 3_000_000) : null,
            secondsSpent: 300 + ((i * 13 + j * 29) % 2_400),
          });
          if (!completed) return;
          for (const quizId of lesson.quizIds) {
            const score = 50 + ((i * 31 + j * 17) % 51);
            attempts.push({
              userId,
              courseId: course.id,
              lessonId: lesson.id,
              quizId,
              answers: {},
              correctCount: Math.round(score / 10),
              total: 10,
              score,
              passed: score >= course.passMark,
              submittedAt: new Date(seen + 2_000_000),
            });
          }
        });
        quota -= lessons.length;
        remaining -= lessons.length;
      }
    }
    db.transaction(
      (tx) => {
        insertAll(enrolled, (chunk) => tx.insert(enrolments).values(chunk).run());
        insertAll(progress, (chunk) => tx.insert(lessonProgress).values(chunk).run());
        insertAll(attempts, (chunk) => tx.insert(quizAttempts).values(chunk).run());
      },
      { behavior: "immediate" },
    );
    totals.enrolments += enrolled.length;
    totals.progress += progress.length;
    totals.attempts += attempts.length;
    bar.update(Math.min(studentIds.length, start + PER_TRANSACTION));
  }
  bar.stop();
  // Rows went in by the thousand, past the per-event upkeep: the teacher's figures are counted in one pass.
  const summaryRules = await summaryRulesJson();
  db.transaction((tx) => rebuildProgressSummaries(tx, summaryRules), { behavior: "immediate" });
  return totals;
}
