import { type Db, getDb } from "~db/client.server";
import type { ProgressQuery } from "~/models/cohort-progress";
import type { CourseRules } from "~/models/course-rules.server";
import { type CohortInput, createCohort } from "~/models/cohorts.server";
import { insertAttempt } from "~/models/quiz-attempts.server";
import { createTestUniversity } from "./factories";

export const testActor = { id: null, label: "test@cohorts" };

/** A cohort open for joining (ends next year) at a new university unless one is given. */
export function createTestCohort(overrides: Partial<CohortInput> = {}, db: Db = getDb()) {
  const universityId = overrides.universityId ?? createTestUniversity(undefined, db).id;
  const year = new Date().getUTCFullYear();
  return createCohort(db, testActor, {
    courseId: "fixture-course",
    universityId,
    name: "Section 1",
    term: `${year}-autumn`,
    startsOn: `${year - 1}-09-01`,
    endsOn: `${year + 1}-01-31`,
    capacity: null,
    joinCodeExpiresAt: null,
    teacherIds: [],
    ...overrides,
  });
}

/** Course rules written by hand: three lessons, the third optional; quizzes in the first two. */
export function testRules(overrides: Partial<CourseRules> = {}): CourseRules {
  return {
    courseId: "fixture-course",
    slug: "fixture-course",
    passMark: 70,
    certificate: "required-lessons-and-quizzes",
    quizzes: { reveal: "always", attempts: "unlimited", counting: "best" },
    lessons: [
      { id: "fx-one", slug: "01-one", required: true, quizIds: ["q1"] },
      { id: "fx-two", slug: "02-two", required: true, quizIds: ["q2"] },
      { id: "fx-three", slug: "03-three", required: false, quizIds: ["q3"] },
    ],
    ...overrides,
  };
}

/** A graded result as the grader returns it, for `percent` out of 100 over 10 questions. */
export function graded(quizId: string, percent: number) {
  const correctCount = Math.round(percent / 10);
  return {
    quizId,
    correctCount,
    total: 10,
    percent,
    questions: Array.from({ length: 10 }, (_, i) => ({
      id: `q${i}`,
      correct: i < correctCount,
      explanationHtml: "",
    })),
  };
}

/** A submitted attempt of the fixture course as the app stores it: `score` out of 100, submitted at `at`. */
export function recordTestAttempt(
  userId: number,
  lessonId: string,
  quizId: string,
  score: number,
  at: number,
  db: Db = getDb(),
) {
  const rules = testRules();
  return insertAttempt(db, {
    userId,
    courseId: rules.courseId,
    lessonId,
    quizId,
    answers: {},
    correctCount: score / 10,
    total: 10,
    score,
    passed: score >= rules.passMark,
    submittedAt: new Date(at),
  });
}

/** The progress matrix's query as the page parses it with nothing chosen, with these changes. */
export const progressQuery = (over: Partial<ProgressQuery> = {}): ProgressQuery => ({
  sort: "name",
  dir: "asc",
  filter: "all",
  inactiveDays: 7,
  q: "",
  page: 1,
  ...over,
});
