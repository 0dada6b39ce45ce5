import type { QuizKey } from "./answer-key.server";
import type { MdNode } from "./mdast.server";
import { lineOf } from "./mdast.server";
import type { Problem } from "./problems.server";
import type { ContentLang, LabNeed, PublicQuiz, TocEntry } from "./types";

/** What the compile plugins read about the lesson, and what they record while transforming it. */
export interface CompileContext {
  file: string;
  lessonDir: string;
  courseSlug: string;
  lessonSlug: string;
  lang: ContentLang;
  /** Whether a link target exists; `lessonSlug` undefined asks about a course. */
  hasTarget(courseSlug: string, lessonSlug?: string): boolean;
  problems: Problem[];
  report(node: MdNode | undefined, message: string, severity?: Problem["severity"]): void;
  toc: TocEntry[];
  quizzes: PublicQuiz[];
  answerKey: QuizKey[];
  labs: { need: Partial<LabNeed>; line?: number }[];
  /** `quiz/question` → line, so cross-language quiz checks can point at the question. */
  questionLines: Record<string, number>;
}

export type CompileTarget = Pick<
  CompileContext,
  "file" | "lessonDir" | "courseSlug" | "lessonSlug" | "lang" | "hasTarget"
>;

export function createCompileContext(target: CompileTarget): CompileContext {
  const problems: Problem[] = [];
  return {
    ...target,
    problems,
    report(node, message, severity = "error") {
      const line = lineOf(node);
      const column = node?.position?.start.column;
      problems.push({
        severity,
        file: target.file,
        ...(line ? { line } : {}),
        ...(column ? { column } : {}),
        message,
      });
    },
    toc: [],
    quizzes: [],
    answerKey: [],
    labs: [],
    questionLines: {},
  };
}
