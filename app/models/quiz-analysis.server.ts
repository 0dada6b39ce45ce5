import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { quizAttempts } from "~db/schema";
import type { QuestionKey, QuizKey } from "~/courseware/answer-key.server";
import { gradeQuiz } from "~/courseware/grade.server";
import { cohortMembers } from "./cohort-progress.server";
import { quizKeyOf } from "./quiz-attempts.server";

export interface ItemStat {
  questionId: string;
  type: QuestionKey["type"];
  /** Students whose first attempt answered this question in a gradable way. */
  answered: number;
  correct: number;
  /** correct / answered, 0–1; null when nobody answered. */
  share: number | null;
  /** The wrong answer given most often on first attempts (raw values: choice indices, "true"/"false" or a number). */
  commonWrong: { values: string[]; count: number } | null;
}

export interface QuizToAnalyse {
  lessonId: string;
  key: QuizKey;
}

/** One question judged alone (the grader is all-or-nothing per submission; a quiz edited since may lack some answers). */
function judgeOne(question: QuestionKey, values: readonly string[]): boolean | null {
  const outcome = gradeQuiz({ id: "", questions: [question] }, new Map([[question.id, values]]));
  return outcome.ok ? (outcome.graded.questions[0]?.correct ?? null) : null;
}

/** How a wrong answer is counted as "the same": multiple-choice picks in index order, numbers as typed. */
function answerSignature(question: QuestionKey, values: readonly string[]): string[] {
  if (question.type === "multiple") return [...values].sort((a, b) => Number(a) - Number(b));
  if (question.type === "numeric") return [values[0]?.trim() ?? ""];
  return [...values];
}

/**
 * Item analysis of a cohort's quizzes on each student's FIRST attempt: what
 * they knew before any feedback (a best attempt is flattered by answers the
 * course revealed after earlier tries). Answers are graded against the
 * answer key as content defines it now. Keyed by quizKeyOf(lesson, quiz).
 */
export function quizItemAnalysis(
  db: Tx,
  cohortId: number,
  courseId: string,
  quizzes: readonly QuizToAnalyse[],
): Map<string, ItemStat[]> {
  // SQLite's bare columns come from the row holding min(submitted_at): each student's first attempt.
  const firsts = db
    .select({
      lessonId: quizAttempts.lessonId,
      quizId: quizAttempts.quizId,
      answers: quizAttempts.answers,
      firstAt: sql<number>`min(${quizAttempts.submittedAt})`,
    })
    .from(quizAttempts)
    .where(
      and(inArray(quizAttempts.userId, cohortMembers(db, cohortId)), eq(quizAttempts.courseId, courseId)),
    )
    .groupBy(quizAttempts.userId, quizAttempts.lessonId, quizAttempts.quizId)
    .all();
  const byQuiz = new Map<string, Record<string, string[]>[]>();
  for (const row of firsts) {
    // Appended in place: copying the list per row made a 300-student quiz cost 300² copies.
    const key = quizKeyOf(row.lessonId, row.quizId);
    const answers = byQuiz.get(key);
    if (answers) answers.push(row.answers);
    else byQuiz.set(key, [row.answers]);
  }
  const result = new Map<string, ItemStat[]>();
  for (const { lessonId, key } of quizzes) {
    const answers = byQuiz.get(quizKeyOf(lessonId, key.id)) ?? [];
    result.set(
      quizKeyOf(lessonId, key.id),
      key.questions.map((question) => analyseQuestion(question, answers)),
    );
  }
  return result;
}

function analyseQuestion(question: QuestionKey, submissions: Record<string, string[]>[]): ItemStat {
  let answered = 0;
  let correct = 0;
  const wrong = new Map<string, { values: string[]; count: number }>();
  for (const submission of submissions) {
    // Stored answers came from a form: read them as an own property only.
    const values = Object.hasOwn(submission, question.id) ? submission[question.id] : undefined;
    if (!Array.isArray(values)) continue;
    const verdict = judgeOne(question, values);
    if (verdict === null) continue;
    answered += 1;
    if (verdict) {
      correct += 1;
      continue;
    }
    const signature = answerSignature(question, values);
    const id = JSON.stringify(signature);
    const seen = wrong.get(id) ?? { values: signature, count: 0 };
    seen.count += 1;
    wrong.set(id, seen);
  }
  // Ties go to the smaller signature, so the same attempts always name the same answer.
  let commonWrong: ItemStat["commonWrong"] = null;
  let commonId = "";
  for (const [id, candidate] of wrong) {
    if (
      !commonWrong ||
      candidate.count > commonWrong.count ||
      (candidate.count === commonWrong.count && id < commonId)
    ) {
      commonWrong = candidate;
      commonId = id;
    }
  }
  return {
    questionId: question.id,
    type: question.type,
    answered,
    correct,
    share: answered === 0 ? null : correct / answered,
    commonWrong,
  };
}
