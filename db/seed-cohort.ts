import { and, asc, eq, isNull } from "drizzle-orm";
import type { QuizKey } from "../app/courseware/answer-key.server";
import { gradeQuiz } from "../app/courseware/grade.server";
import { getCompiledLesson, getContentIndex } from "../app/courseware/store.server";
import { calendarDay } from "../app/utils/calendar-day";
import { createCohort } from "../app/models/cohorts.server";
import { markLessonComplete, openLesson, submitQuizAttempt } from "../app/models/completion.server";
import { getCourseRules } from "../app/models/course-rules.server";
import { joinCohort } from "../app/models/enrolment.server";
import { addLessonTime } from "../app/models/progress.server";
import type { Db } from "./client.server";
import { cohorts, universities } from "./schema";

const seedActor = { id: null, label: "demo seed" };
const DAY_MS = 24 * 60 * 60 * 1000;

/** The answers a student who gets everything right would send. */
export function rightAnswers(key: QuizKey): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const question of key.questions) {
    if (question.type === "truefalse") answers[question.id] = [String(question.answer)];
    else if (question.type === "numeric") answers[question.id] = [String(question.answer)];
    else answers[question.id] = question.correct.map(String);
  }
  return answers;
}

/**
 * A cohort of the first course, taught by the demo teacher, with the demo
 * student part-way through: the first two lessons done (their quizzes passed
 * over the last days), the third opened.
 */
export async function seedDemoCohort(
  db: Db,
  people: { universityId: number; teacherId: number; studentId: number },
): Promise<void> {
  const course = (await getContentIndex()).courses.find((c) => c.lessons.length > 0);
  const rules = course && (await getCourseRules(course.slug));
  if (!course || !rules) return;
  const now = Date.now();
  const cohort = createCohort(db, seedActor, {
    courseId: rules.courseId,
    universityId: people.universityId,
    name: `${course.meta.title.zh} · 演示班 Demo class`,
    term: `${calendarDay(now).slice(0, 4)} 演示学期 Demo term`,
    startsOn: calendarDay(now - 30 * DAY_MS),
    endsOn: calendarDay(now + 150 * DAY_MS),
    capacity: 200,
    joinCodeExpiresAt: null,
    teacherIds: [people.teacherId],
  });
  joinCohort(db, people.studentId, cohort.joinCode, now - 10 * DAY_MS);
  const [first, second, third] = course.lessons;
  for (const [index, lesson] of [first, second].entries()) {
    if (!lesson) continue;
    const at = now - (8 - 3 * index) * DAY_MS;
    openLesson(db, people.studentId, rules, lesson.id, at);
    addLessonTime(db, people.studentId, { courseId: rules.courseId, lessonId: lesson.id }, 60, at + 60_000);
    const compiled = await getCompiledLesson({
      courseSlug: course.slug,
      lessonSlug: lesson.slug,
      lang: "zh",
    });
    for (const key of compiled?.answerKey ?? []) {
      const answers = rightAnswers(key);
      const outcome = gradeQuiz(key, new Map(Object.entries(answers)));
      if (outcome.ok)
        submitQuizAttempt(
          db,
          { userId: people.studentId, rules, lessonId: lesson.id, graded: outcome.graded, answers },
          at + 120_000,
        );
    }
    markLessonComplete(db, people.studentId, rules, lesson.id, at + 180_000);
  }
  if (third) openLesson(db, people.studentId, rules, third.id, now - DAY_MS);
}

/** The demo cohort's join link path, for the start-up lines; null when there is none. */
export function demoJoinPath(db: Db): string | null {
  const row = db
    .select({ code: cohorts.joinCode })
    .from(cohorts)
    .innerJoin(universities, eq(universities.id, cohorts.universityId))
    .where(and(eq(universities.code, "DEMO"), isNull(cohorts.archivedAt)))
    .orderBy(asc(cohorts.id))
    .limit(1)
    .get();
  return row ? `/join/${row.code}` : null;
}
