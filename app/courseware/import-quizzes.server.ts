import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { z } from "zod";
import type { Problem } from "./problems.server";
import type { ContentLang } from "./types";

/**
 * The curricula of the microsoft/*-For-Beginners family keep their quizzes
 * in a quiz app, one JSON file per language
 * (`quiz-app/src/assets/translations/en.json`, `zh-cn.json`, …), and each
 * lesson links to its quizzes by number (`…/quiz/3/`). This turns the
 * quizzes a lesson links to into its `quiz.<lang>.yml` sidecar.
 */

/** The id of the one quiz an imported lesson gets (the sidecar's default). */
export const SIDECAR_QUIZ_ID = "check";

/** Where the quiz app keeps its files, relative to the curriculum's root. */
const QUIZ_APP_FOLDER = "quiz-app/src/assets/translations";
const LANG_FILES: Record<ContentLang, string[]> = {
  en: ["en.json"],
  zh: ["zh-cn.json", "zh.json", "zh-hans.json", "zh_cn.json"],
};
/** A link to a quiz of the quiz app: `https://<host>/quiz/7/`. */
const QUIZ_LINK = /^https?:\/\/[^/]+\/quiz\/(\d+)\/?$/i;

const quizFileSchema = z
  .array(
    z.object({
      quizzes: z.array(
        z.object({
          id: z.coerce.number().int(),
          title: z.string().optional(),
          quiz: z.array(
            z.object({
              questionText: z.string(),
              answerOptions: z.array(
                z.object({
                  answerText: z.string(),
                  // "true"/"false" in the files, true/false in some translations.
                  isCorrect: z.union([z.boolean(), z.enum(["true", "false"])]),
                }),
              ),
            }),
          ),
        }),
      ),
    }),
  )
  .min(1);

type QuizFile = z.output<typeof quizFileSchema>;
type SourceQuiz = QuizFile[number]["quizzes"][number];

export interface QuizSource {
  file: string;
  text: string;
  quizzes: Map<number, SourceQuiz>;
}

/** The quiz app's folder given on the command line, else found beside or above the imported folder. */
export function findQuizFolder(source: string, given?: string): string | undefined {
  if (given) return given;
  let dir = path.resolve(source);
  for (let up = 0; up < 3; up++) {
    const candidate = path.join(dir, QUIZ_APP_FOLDER);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

/** Each language's quiz file, parsed; a file that is not the expected shape is an error, once. */
export function readQuizSources(
  folder: string,
  problems: Problem[],
): Partial<Record<ContentLang, QuizSource>> {
  const names = existsSync(folder) ? readdirSync(folder) : [];
  const sources: Partial<Record<ContentLang, QuizSource>> = {};
  if (names.length === 0) {
    problems.push({ severity: "error", file: folder, message: "no quiz files (en.json, zh-cn.json) here" });
    return sources;
  }
  for (const lang of ["en", "zh"] as const) {
    const name = LANG_FILES[lang]
      .map((wanted) => names.find((n) => n.toLowerCase() === wanted))
      .find(Boolean);
    if (!name) continue;
    const file = path.join(folder, name);
    const text = readFileSync(file, "utf8");
    let parsed: QuizFile;
    try {
      const result = quizFileSchema.safeParse(JSON.parse(text));
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? "unexpected shape");
      parsed = result.data;
    } catch (error) {
      problems.push({
        severity: "error",
        file,
        message: `not a quiz-app file (${error instanceof Error ? error.message : error}): quizzes not imported`,
      });
      continue;
    }
    const quizzes = new Map<number, SourceQuiz>();
    for (const quiz of parsed.flatMap((entry) => entry.quizzes)) quizzes.set(quiz.id, quiz);
    sources[lang] = { file, text, quizzes };
  }
  return sources;
}

/** The quiz numbers a lesson links to, in the order it links to them. */
export function quizNumbersIn(urls: readonly string[]): number[] {
  const numbers = urls.flatMap((url) => {
    const match = QUIZ_LINK.exec(url);
    return match ? [Number(match[1])] : [];
  });
  return [...new Set(numbers)];
}

/** The line of quiz `id` in the JSON text, so a problem can name it. */
function lineOfQuiz(text: string, id: number): number | undefined {
  const at = new RegExp(`"id"\\s*:\\s*"?${id}"?\\s*,`).exec(text)?.index;
  return at === undefined ? undefined : text.slice(0, at).split("\n").length;
}

/** Quiz-app text is plain text: Markdown's punctuation is escaped so it reads the same in a sidecar. */
const plain = (text: string) => text.trim().replace(/[\\`*_[\]<>{}|~$#]/g, "\\$&");

const EXPLANATION: Record<ContentLang, (answers: string) => string> = {
  en: (answers) => `The answer: ${answers}.`,
  zh: (answers) => `正确答案：${answers}。`,
};

/**
 * The sidecar for one lesson in one language: the quizzes it links to, in
 * order, become one quiz (questions `q<quiz>-<n>`). The quiz app has no
 * explanations, so each names the correct choice. Returns undefined, with
 * the problem at the JSON's line, when a quiz is missing or cannot be a
 * valid sidecar (an empty choice, no correct choice).
 */
export function sidecarFor(
  source: QuizSource,
  numbers: readonly number[],
  lang: ContentLang,
  problems: Problem[],
): string | undefined {
  const questions: Record<string, unknown>[] = [];
  for (const number of numbers) {
    const quiz = source.quizzes.get(number);
    const line = lineOfQuiz(source.text, number);
    // A warning: the lesson itself is imported, and the check asks for the quiz until someone writes it.
    const at = { severity: "warning" as const, file: source.file, ...(line ? { line } : {}) };
    if (!quiz) {
      problems.push({ ...at, message: `quiz ${number} is not in this file: write quiz.${lang}.yml by hand` });
      return undefined;
    }
    for (const [index, question] of quiz.quiz.entries()) {
      const where = `quiz ${number}, question ${index + 1}`;
      const options = question.answerOptions;
      const correct = options.flatMap((o, i) => (String(o.isCorrect) === "true" ? [i + 1] : []));
      const problem = !question.questionText.trim()
        ? "has no text"
        : options.length < 2
          ? "has fewer than two choices"
          : options.some((o) => !o.answerText.trim())
            ? `has an empty choice (${options.findIndex((o) => !o.answerText.trim()) + 1})`
            : correct.length === 0
              ? "has no correct choice"
              : undefined;
      if (problem) {
        problems.push({
          ...at,
          message: `${where} ${problem}: fix it there or write quiz.${lang}.yml by hand`,
        });
        return undefined;
      }
      const answers = correct
        .map((n) => plain(options[n - 1]?.answerText ?? ""))
        .join(lang === "zh" ? "；" : "; ");
      questions.push({
        id: `q${number}-${index + 1}`,
        type: correct.length === 1 ? "single" : "multiple",
        prompt: plain(question.questionText),
        choices: options.map((o) => plain(o.answerText)),
        answer: correct.length === 1 ? correct[0] : correct,
        explanation: EXPLANATION[lang](answers),
      });
    }
  }
  if (questions.length === 0) return undefined;
  return `# Imported from ${path.basename(source.file)} (quizzes ${numbers.join(", ")}): edit there and re-import.\n${stringify({ id: SIDECAR_QUIZ_ID, questions })}`;
}
