import type { Tx } from "~db/client.server";
import { quizTexts } from "~/courseware/quiz-text.server";
import { getCompiledLesson, getContentIndex } from "~/courseware/store.server";
import type { ContentLang } from "~/courseware/types";
import type { OutlineLesson } from "./cohort-workspace.server";
import type { CourseRules } from "./course-rules.server";
import { type ItemStat, type QuizToAnalyse, quizItemAnalysis } from "./quiz-analysis.server";
import { quizKeyOf } from "./quiz-attempts.server";

/** A wrong answer as a teacher reads it: choice words, true/false, or the number typed. */
export type WrongAnswer =
  | { kind: "choices"; texts: string[] }
  | { kind: "truefalse"; value: boolean }
  | { kind: "numeric"; value: string };

export interface QuestionReport extends Omit<ItemStat, "commonWrong"> {
  prompt: string;
  commonWrong: { answer: WrongAnswer; count: number } | null;
}

function wrongAnswer(stat: ItemStat, choices: string[]): WrongAnswer | null {
  const values = stat.commonWrong?.values;
  if (!values) return null;
  if (stat.type === "truefalse") return { kind: "truefalse", value: values[0] === "true" };
  if (stat.type === "numeric") return { kind: "numeric", value: values[0] ?? "" };
  return { kind: "choices", texts: values.map((v) => choices[Number(v)] ?? `#${Number(v) + 1}`) };
}

/**
 * Item analysis of every quiz of the course for one cohort, with question
 * prompts and choice words in the reader's language (the other language when
 * a lesson has only one).
 */
export async function cohortQuizReport(
  db: Tx,
  cohortId: number,
  rules: CourseRules,
  lessons: OutlineLesson[],
  lang: ContentLang,
) {
  const course = (await getContentIndex()).courses.find((c) => c.meta.id === rules.courseId);
  const compiled = new Map<string, NonNullable<Awaited<ReturnType<typeof getCompiledLesson>>>>();
  const quizzes: QuizToAnalyse[] = [];
  for (const lesson of lessons) {
    const entry = course?.lessons.find((l) => l.id === lesson.id);
    if (!course || !entry || lesson.quizIds.length === 0) continue;
    const variant = entry.variants[lang] ? lang : entry.variants.zh ? "zh" : "en";
    const found = await getCompiledLesson({ courseSlug: course.slug, lessonSlug: entry.slug, lang: variant });
    if (!found) continue;
    compiled.set(lesson.id, found);
    for (const key of found.answerKey) quizzes.push({ lessonId: lesson.id, key });
  }
  const stats = quizItemAnalysis(db, cohortId, rules.courseId, quizzes);
  return quizzes.map(({ lessonId, key }) => {
    const lesson = compiled.get(lessonId);
    const texts = lesson ? quizTexts(lesson).get(key.id) : undefined;
    const questions: QuestionReport[] = (stats.get(quizKeyOf(lessonId, key.id)) ?? []).map((stat) => {
      const text = texts?.get(stat.questionId);
      const answer = wrongAnswer(stat, text?.choices ?? []);
      return {
        ...stat,
        prompt: text?.prompt ?? stat.questionId,
        commonWrong: answer && stat.commonWrong ? { answer, count: stat.commonWrong.count } : null,
      };
    });
    return {
      lessonId,
      lessonTitle: lessons.find((l) => l.id === lessonId)?.title ?? lessonId,
      quizId: key.id,
      questions,
    };
  });
}
