import { fromHtml } from "hast-util-from-html";
import { toText } from "hast-util-to-text";
import type { CompiledLesson } from "./cache.server";

// hast's own types, as the parser and toText see them (the top-level @types/hast is an older major).
type Nodes = Parameters<typeof toText>[0];
type Element = Extract<Nodes, { type: "element" }>;

/** A question's words as the learner saw them: the prompt and each choice by its 0-based index. */
export interface QuestionText {
  prompt: string;
  choices: string[];
}

/** quiz id → question id → text. Maps, never objects: the ids come from content. */
export type QuizTexts = Map<string, Map<string, QuestionText>>;

const isElement = (node: Nodes): node is Element => node.type === "element";

function* elements(node: Nodes): Generator<Element> {
  if (isElement(node)) yield node;
  if ("children" in node) for (const child of node.children) yield* elements(child);
}

const hasClass = (node: Element, name: string) =>
  Array.isArray(node.properties.className) && node.properties.className.includes(name);
const clean = (text: string) => text.replace(/\s+/g, " ").trim();

function questionText(fieldset: Element): QuestionText {
  let prompt = "";
  const choices: string[] = [];
  for (const node of elements(fieldset)) {
    if (hasClass(node, "quiz-prompt")) prompt = clean(toText(node));
    if (node.tagName === "label" && hasClass(node, "quiz-choice")) {
      const input = [...elements(node)].find((el) => el.tagName === "input");
      const index = Number(input?.properties.value);
      // True/false choices carry "true"/"false", not an index: their words come from the catalogue.
      if (Number.isInteger(index)) choices[index] = clean(toText(node));
    }
  }
  return { prompt, choices };
}

/**
 * Reads the prompts and choices back out of a compiled lesson's HTML (the
 * quiz markup the compiler wrote), so a teacher's report can name the option
 * students picked. Parsed once per compiled lesson.
 */
const parsed = new WeakMap<CompiledLesson, QuizTexts>();
export function quizTexts(lesson: CompiledLesson): QuizTexts {
  const known = parsed.get(lesson);
  if (known) return known;
  const texts: QuizTexts = new Map();
  for (const form of elements(fromHtml(lesson.html, { fragment: true }))) {
    const quizId = form.tagName === "form" ? form.properties.dataQuiz : undefined;
    if (typeof quizId !== "string") continue;
    const questions = new Map<string, QuestionText>();
    for (const node of elements(form)) {
      const questionId = node.tagName === "fieldset" ? node.properties.dataQuestion : undefined;
      if (typeof questionId === "string") questions.set(questionId, questionText(node));
    }
    texts.set(quizId, questions);
  }
  parsed.set(lesson, texts);
  return texts;
}
