import type { AnswerSpec, QuestionKey, QuizKey } from "./answer-key.server";
import type { CompileContext } from "./compile-context.server";
import { explanationHtml } from "./explanation-html.server";
import {
  type MdNode,
  isBlank,
  isJsx,
  jsxElement,
  readAttribute,
  setAttributes,
  stringAttribute,
  walk,
} from "./mdast.server";
import { type PublicQuiz, QUESTION_TYPES, type QuestionType } from "./types";
import { DECIMAL_NUMBER } from "./numbers";

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const QUIZ_PARTS = ["Question", "Choice", "Explanation"];

function numberAttribute(node: MdNode, name: string): number | undefined {
  const { value } = readAttribute(node, name);
  return typeof value === "string" && DECIMAL_NUMBER.test(value.trim()) ? Number(value) : undefined;
}

function isCorrectChoice(choice: MdNode): boolean {
  const { present, value } = readAttribute(choice, "correct");
  return present && (value === true || value === "true");
}

function answerSpec(
  ctx: CompileContext,
  question: MdNode,
  type: QuestionType,
  choices: MdNode[],
): AnswerSpec {
  const label = `question "${stringAttribute(question, "id") ?? "?"}"`;
  const hasAnswer = readAttribute(question, "answer").present;
  if (type === "single" || type === "multiple") {
    const correct = choices.flatMap((choice, index) => (isCorrectChoice(choice) ? [index] : []));
    if (choices.length < 2) ctx.report(question, `${type} ${label} needs at least two <Choice> lines`);
    if (type === "single" && correct.length !== 1) {
      ctx.report(
        question,
        `single-choice ${label} has ${correct.length} correct choices; it needs exactly one`,
      );
    }
    if (type === "multiple" && correct.length === 0)
      ctx.report(question, `multiple-choice ${label} needs at least one correct choice`);
    if (hasAnswer)
      ctx.report(
        question,
        `${label}: answer= is only for truefalse and numeric questions; mark choices with correct`,
      );
    return { type, choiceCount: choices.length, correct };
  }
  if (choices.length > 0) ctx.report(choices[0], `${type} ${label} takes no <Choice>: use answer=`);
  if (type === "truefalse") {
    const answer = stringAttribute(question, "answer");
    if (answer !== "true" && answer !== "false")
      ctx.report(question, `truefalse ${label} needs answer="true" or answer="false"`);
    return { type, answer: answer === "true" };
  }
  const answer = numberAttribute(question, "answer");
  const tolerance = readAttribute(question, "tolerance").present ? numberAttribute(question, "tolerance") : 0;
  if (answer === undefined)
    ctx.report(question, `numeric ${label} needs a numeric answer, e.g. answer="0.8"`);
  if (tolerance === undefined || tolerance < 0)
    ctx.report(question, `numeric ${label} needs a tolerance that is a number ≥ 0`);
  return {
    type,
    answer: answer ?? Number.NaN,
    tolerance: tolerance !== undefined && tolerance >= 0 ? tolerance : 0,
  };
}

function explanationOf(ctx: CompileContext, question: MdNode, explanations: MdNode[]): string {
  const [explanation, extra] = explanations;
  if (!explanation) {
    ctx.report(question, "every question needs an <Explanation>");
    return "";
  }
  if (extra) ctx.report(extra, "a question has only one <Explanation>");
  walk(explanation, (node) => {
    if (node !== explanation && node.type.startsWith("mdx")) {
      ctx.report(node, "explanations are plain markdown: no components or {expressions}");
    }
  });
  return explanationHtml(explanation.children ?? [], (message) => ctx.report(explanation, message));
}

/** Choices are one line; a lone paragraph (a choice written over lines) is unwrapped to stay valid inside <label>. */
function choiceContent(ctx: CompileContext, choice: MdNode): MdNode[] {
  const blocks = (choice.children ?? []).filter((child) => !isBlank(child));
  const [only] = blocks;
  if (blocks.length === 1 && only?.type === "paragraph") return only.children ?? [];
  if (blocks.some((child) => child.type === "paragraph" || child.type === "list" || child.type === "code")) {
    ctx.report(choice, "keep each <Choice> on one line (inline markdown and $math$ only)");
  }
  return choice.children ?? [];
}

function extractQuestion(
  ctx: CompileContext,
  quizId: string,
  question: MdNode,
  number: number,
  seen: Set<string>,
) {
  const rawId = stringAttribute(question, "id");
  if (!rawId || !ID.test(rawId))
    ctx.report(question, `<Question> needs an id of letters, digits, - or _ (got ${rawId ?? "none"})`);
  const id = rawId ?? `q${number}`;
  if (seen.has(id)) ctx.report(question, `duplicate question id "${id}" in quiz "${quizId}"`);
  seen.add(id);
  if (question.position) ctx.questionLines[`${quizId}/${id}`] = question.position.start.line;
  const rawType = stringAttribute(question, "type") ?? "";
  const type = (QUESTION_TYPES as readonly string[]).includes(rawType) ? (rawType as QuestionType) : "single";
  if (type !== rawType)
    ctx.report(question, `question "${id}" needs type="${QUESTION_TYPES.join('", "')}" (got "${rawType}")`);

  const prompt: MdNode[] = [];
  const choices: MdNode[] = [];
  const explanations: MdNode[] = [];
  for (const child of question.children ?? []) {
    if (isJsx(child, "Choice")) choices.push(child);
    else if (isJsx(child, "Explanation")) explanations.push(child);
    else if (isJsx(child, "Question") || isJsx(child, "Quiz"))
      ctx.report(child, `<${child.name}> cannot be nested in a question`);
    else prompt.push(child);
  }
  if (!prompt.some((node) => !isBlank(node))) ctx.report(question, `question "${id}" has no prompt text`);
  const key: QuestionKey = {
    id,
    explanationHtml: explanationOf(ctx, question, explanations),
    ...answerSpec(ctx, question, type, choices),
  };

  // The public tree keeps only what a form needs: no `correct`, no answer, no explanation.
  const names = { quiz: quizId, question: id };
  choices.forEach((choice, index) => {
    choice.children = choiceContent(ctx, choice);
    setAttributes(choice, { ...names, type, value: String(index) });
  });
  const answerPart =
    type === "truefalse"
      ? jsxElement("TrueFalse", names)
      : type === "numeric"
        ? jsxElement("NumericAnswer", names)
        : jsxElement("QuizChoices", names, choices);
  question.children = [jsxElement("QuizPrompt", names, prompt), answerPart];
  setAttributes(question, { quiz: quizId, id, type, number: String(number) });
  return key;
}

function extractQuiz(ctx: CompileContext, quiz: MdNode, seen: Set<string>) {
  const rawId = stringAttribute(quiz, "id");
  if (!rawId || !ID.test(rawId))
    ctx.report(quiz, `<Quiz> needs an id of letters, digits, - or _ (got ${rawId ?? "none"})`);
  const id = rawId ?? `quiz-${seen.size + 1}`;
  if (seen.has(id)) ctx.report(quiz, `duplicate quiz id "${id}" in this lesson`);
  seen.add(id);
  const key: QuizKey = { id, questions: [] };
  const questionIds = new Set<string>();
  const children: MdNode[] = [];
  for (const child of quiz.children ?? []) {
    if (isJsx(child, "Question")) {
      key.questions.push(extractQuestion(ctx, id, child, key.questions.length + 1, questionIds));
    } else if (isJsx(child, "Choice") || isJsx(child, "Explanation") || isJsx(child, "Quiz")) {
      ctx.report(child, `<${child.name}> must sit inside a <Question>`);
      continue;
    }
    children.push(child);
  }
  if (key.questions.length === 0) ctx.report(quiz, `quiz "${id}" has no <Question>`);
  quiz.children = children;
  setAttributes(quiz, { id });
  ctx.answerKey.push(key);
  const publicQuiz: PublicQuiz = { id, questions: key.questions.map((q) => ({ id: q.id, type: q.type })) };
  ctx.quizzes.push(publicQuiz);
}

/**
 * Takes every quiz's answers and explanations out of the tree into
 * `ctx.answerKey`, leaving a plain form for the static components to render.
 */
export function remarkQuiz(ctx: CompileContext) {
  return () => (tree: MdNode) => {
    const seen = new Set<string>();
    walk(tree, (node, parent, ancestors) => {
      if (isJsx(node, "Quiz") && !ancestors.some((a) => isJsx(a, "Quiz"))) extractQuiz(ctx, node, seen);
      else if (
        isJsx(node) &&
        QUIZ_PARTS.includes(node.name ?? "") &&
        !ancestors.some((a) => isJsx(a, "Quiz"))
      ) {
        ctx.report(node, `<${node.name}> must sit inside a <Quiz>`);
        parent?.children?.splice(parent.children.indexOf(node), 1);
      }
    });
    if (ctx.answerKey.length === 0)
      ctx.report(
        undefined,
        ctx.file.endsWith(".md")
          ? `every lesson needs a quiz: write quiz.${ctx.lang}.yml beside the lesson`
          : "every lesson needs at least one <Quiz>",
      );
  };
}
