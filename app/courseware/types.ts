/**
 * Shapes shared by the server and the browser. Answers and explanations live
 * only in answer-key.server.ts; the graded shapes below carry them to the
 * browser only in the answer to a submission.
 */
export const CONTENT_LANGS = ["zh", "en"] as const;
export type ContentLang = (typeof CONTENT_LANGS)[number];

export const LAB_POOLS = ["cpu-notebook", "ascend-910b"] as const;
export type LabPool = (typeof LAB_POOLS)[number];
export const isLabPool = (value: unknown): value is LabPool =>
  (LAB_POOLS as readonly unknown[]).includes(value);

export const COURSE_LEVELS = ["beginner", "intermediate", "advanced"] as const;
export type CourseLevel = (typeof COURSE_LEVELS)[number];

export const QUESTION_TYPES = ["single", "multiple", "truefalse", "numeric"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface LabNeed {
  pool: LabPool;
  minutes: number;
}

export interface TocEntry {
  depth: 2 | 3;
  id: string;
  text: string;
}

/** What the quiz island needs to attach to a static quiz form. */
export interface PublicQuiz {
  id: string;
  questions: { id: string; type: QuestionType }[];
}

/** A question's correct answer (choices by 0-based index), sent only after a submission the course's rule lets see it. */
export type RevealedAnswer =
  | { id: string; type: "single" | "multiple"; correct: number[] }
  | { id: string; type: "truefalse"; correct: boolean }
  | { id: string; type: "numeric"; correct: number; tolerance: number };

export interface QuestionResult {
  id: string;
  correct: boolean;
  explanationHtml: string;
  /** Present only when the course's `quizzes.reveal` rule allows it for this submission. */
  answer?: RevealedAnswer;
}

export interface GradedQuiz {
  quizId: string;
  correctCount: number;
  total: number;
  percent: number;
  questions: QuestionResult[];
}

/** The form field that carries a question's answer(s). */
export function answerField(questionId: string): string {
  return `answer-${questionId}`;
}

export function otherLang(lang: ContentLang): ContentLang {
  return lang === "zh" ? "en" : "zh";
}
