import { z } from "zod";
import type { Tx } from "~db/client.server";
import { type LessonState, courseStatus } from "./completion.server";
import type { CourseRules } from "./course-rules.server";
import { MAX_BATCH_SECONDS } from "./progress.server";
import { courseAttempts, quizKeyOf } from "./quiz-attempts.server";

/** One person's state for one lesson page: what the shared, cached document leaves out. */
export interface LessonStateJson {
  lessonStates: Record<string, LessonState>;
  lesson: { state: LessonState; secondsSpent: number };
  quizzes: Record<string, { lastScore: number; lastPassed: boolean; countedScore: number; attempts: number }>;
  completion: {
    requiredLessons: number;
    completedRequired: number;
    quizAverage: number | null;
    met: boolean;
  };
  certificateId: string | null;
}

export function lessonStateJson(
  db: Tx,
  userId: number,
  rules: CourseRules,
  lessonId: string,
): LessonStateJson {
  const status = courseStatus(db, userId, rules);
  const lessonStates: Record<string, LessonState> = {};
  for (const lesson of status.lessons) lessonStates[lesson.slug] = lesson.state;
  const here = status.lessons.find((lesson) => lesson.id === lessonId);
  const quizzes: LessonStateJson["quizzes"] = {};
  for (const attempt of courseAttempts(db, userId, rules.courseId)) {
    if (attempt.lessonId !== lessonId) continue;
    const seen = quizzes[attempt.quizId];
    quizzes[attempt.quizId] = {
      lastScore: attempt.score,
      lastPassed: attempt.passed,
      countedScore: status.scores.get(quizKeyOf(lessonId, attempt.quizId)) ?? attempt.score,
      attempts: (seen?.attempts ?? 0) + 1,
    };
  }
  const { requiredLessons, completedRequired, quizAverage, met } = status.completion;
  return {
    lessonStates,
    lesson: { state: here?.state ?? "not-started", secondsSpent: here?.secondsSpent ?? 0 },
    quizzes,
    completion: { requiredLessons, completedRequired, quizAverage, met },
    certificateId: status.certificate && !status.certificate.revokedAt ? status.certificate.id : null,
  };
}

/** The progress form: open (a page view) or complete ("Mark as complete"); time batches have their own path. */
export function progressSchema() {
  return z.object({ intent: z.enum(["open", "complete"]) });
}

/** A time batch's seconds, or null when it is not a whole number in range. */
export function batchSeconds(raw: string | undefined): number | null {
  const seconds = Number(raw);
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_BATCH_SECONDS ? seconds : null;
}
