/**
 * The server-only half of a quiz: correct answers and explanations. Extracted
 * at compile time, stored in the content cache, never put in loader data,
 * HTML or any browser bundle.
 */
export type AnswerSpec =
  | { type: "single" | "multiple"; choiceCount: number; correct: number[] }
  | { type: "truefalse"; answer: boolean }
  | { type: "numeric"; answer: number; tolerance: number };

export type QuestionKey = AnswerSpec & { id: string; explanationHtml: string };

export interface QuizKey {
  id: string;
  questions: QuestionKey[];
}

/** The answer of a question in comparable form (zh and en versions must agree on it). */
export function answerSignature(question: QuestionKey): string {
  switch (question.type) {
    case "single":
    case "multiple":
      return `${question.type}:${question.choiceCount}:${question.correct.join(",")}`;
    case "truefalse":
      return `truefalse:${question.answer}`;
    case "numeric":
      return `numeric:${question.answer}±${question.tolerance}`;
  }
}
