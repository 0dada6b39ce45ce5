import { and, asc, count, desc, eq } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { cohortTeachers, cohorts, enrolments, universities, users } from "~db/schema";
import type { RoleName } from "~/auth/permissions";
import { getContentIndex } from "~/courseware/store.server";
import type { ContentLang } from "~/courseware/types";
import { paging } from "./paging.server";
import { containsAny } from "./search.server";

/** A roster page: enough for a lecture hall, small enough to scan. */
export const ROSTER_PAGE_SIZE = 50;

/** Who asks for a cohort: admins see every cohort, teachers only those they teach. */
export interface StaffViewer {
  id: number;
  role: RoleName;
}

const cohortColumns = {
  id: cohorts.id,
  courseId: cohorts.courseId,
  universityId: cohorts.universityId,
  name: cohorts.name,
  term: cohorts.term,
  startsOn: cohorts.startsOn,
  endsOn: cohorts.endsOn,
  capacity: cohorts.capacity,
  joinCode: cohorts.joinCode,
  joinCodeExpiresAt: cohorts.joinCodeExpiresAt,
  archivedAt: cohorts.archivedAt,
  universityZh: universities.nameZh,
  universityEn: universities.nameEn,
};

/**
 * The one scoping rule of the teacher workspace: the cohort when the viewer
 * teaches it or is an admin, otherwise undefined, exactly as for an id that
 * does not exist (callers answer 404 either way).
 */
export function cohortForStaff(db: Tx, viewer: StaffViewer, cohortId: number) {
  if (viewer.role === "admin") {
    return db
      .select(cohortColumns)
      .from(cohorts)
      .innerJoin(universities, eq(universities.id, cohorts.universityId))
      .where(eq(cohorts.id, cohortId))
      .get();
  }
  if (viewer.role !== "teacher") return undefined;
  return db
    .select(cohortColumns)
    .from(cohortTeachers)
    .innerJoin(cohorts, eq(cohorts.id, cohortTeachers.cohortId))
    .innerJoin(universities, eq(universities.id, cohorts.universityId))
    .where(and(eq(cohortTeachers.userId, viewer.id), eq(cohortTeachers.cohortId, cohortId)))
    .get();
}
export type StaffCohort = NonNullable<ReturnType<typeof cohortForStaff>>;

/** The cohorts a teacher teaches, newest first, with how many people are enrolled in each. */
export function teacherCohorts(db: Tx, teacherId: number) {
  return db
    .select({
      id: cohorts.id,
      courseId: cohorts.courseId,
      name: cohorts.name,
      term: cohorts.term,
      startsOn: cohorts.startsOn,
      endsOn: cohorts.endsOn,
      universityZh: universities.nameZh,
      universityEn: universities.nameEn,
      enrolled: count(enrolments.id),
    })
    .from(cohortTeachers)
    .innerJoin(cohorts, eq(cohorts.id, cohortTeachers.cohortId))
    .innerJoin(universities, eq(universities.id, cohorts.universityId))
    .leftJoin(enrolments, eq(enrolments.cohortId, cohorts.id))
    .where(eq(cohortTeachers.userId, teacherId))
    .groupBy(cohorts.id)
    .orderBy(desc(cohorts.startsOn), desc(cohorts.id))
    .all();
}

/** One of the teacher's cohorts, or undefined: another teacher's cohort is as absent as a made-up id. */
export function taughtCohort(db: Tx, teacherId: number, cohortId: number) {
  return cohortForStaff(db, { id: teacherId, role: "teacher" }, cohortId);
}

/**
 * One page of a cohort's roster by name, searched by name, email or student number.
 * Scoped by the teacher: undefined unless they teach the cohort.
 */
export function cohortRoster(
  db: Tx,
  input: { teacherId: number; cohortId: number; q: string; page: number },
) {
  const cohort = taughtCohort(db, input.teacherId, input.cohortId);
  if (!cohort) return undefined;
  const where = and(
    eq(enrolments.cohortId, cohort.id),
    input.q ? containsAny(input.q, [users.name, users.email, users.studentNumber]) : undefined,
  );
  const total =
    db
      .select({ n: count() })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(where)
      .get()?.n ?? 0;
  const at = paging(total, input.page, ROSTER_PAGE_SIZE);
  const rows = db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      studentNumber: users.studentNumber,
      role: users.role,
      status: enrolments.status,
      enrolledAt: enrolments.enrolledAt,
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(where)
    .orderBy(asc(users.name), asc(users.id))
    .limit(at.limit)
    .offset(at.offset)
    .all();
  return { cohort, rows, total, page: at.page, pages: at.pages };
}

/** A course's title in the reader's language; a course gone from content keeps showing its id. */
export async function courseTitleOf(lang: ContentLang): Promise<(courseId: string) => string> {
  const index = await getContentIndex();
  const titles = new Map(index.courses.map((course) => [course.meta.id, course.meta.title[lang]]));
  return (courseId) => titles.get(courseId) ?? courseId;
}

/**
 * The required lessons of each course as content defines them now, as JSON
 * `[[courseId, lessonId], ...]` for SQL's json_each: progress queries join
 * against it instead of looping over courses in JavaScript.
 */
export async function requiredLessonsJson(): Promise<string> {
  const index = await getContentIndex();
  const pairs: [string, string][] = [];
  for (const course of index.courses)
    for (const lesson of course.lessons) if (lesson.required) pairs.push([course.meta.id, lesson.id]);
  return JSON.stringify(pairs);
}

/** The courses a cohort may be made for, in the reader's language. */
export async function courseChoices(lang: ContentLang) {
  const index = await getContentIndex();
  return index.courses.map((course) => ({ id: course.meta.id, title: course.meta.title[lang] }));
}
