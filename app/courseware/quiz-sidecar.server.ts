import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import type { CompileContext } from "./compile-context.server";
import { type MdNode, jsxElement } from "./mdast.server";
import { pipelineDeps } from "./pipeline-deps.server";
import { QUESTION_TYPES } from "./types";
import { parseYamlSource, schemaProblems } from "./yaml-source.server";

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const markdownText = z.string().trim().min(1, "must not be empty").max(2000);

/**
 * A `.md` lesson's quiz, mirroring <Quiz>: choices are listed in order and
 * `answer` names the correct one(s) by number from 1 (single: one number,
 * multiple: a list), or is true/false, or a number with a tolerance.
 */
const questionSchema = z.strictObject({
  id: z.string().regex(ID, "must be letters, digits, - or _"),
  type: z.enum(QUESTION_TYPES),
  prompt: markdownText,
  choices: z.array(markdownText.max(300)).max(20).optional(),
  answer: z.union([z.number(), z.boolean(), z.array(z.number().int().positive()).min(1)]),
  tolerance: z.number().min(0).optional(),
  explanation: markdownText,
});

export const quizSidecarSchema = z.strictObject({
  id: z.string().regex(ID, "must be letters, digits, - or _").default("check"),
  questions: z.array(questionSchema).min(1).max(50),
});

type SidecarQuestion = z.output<typeof questionSchema>;

/** Inline or block markdown (no MDX: a sidecar runs nothing either), as mdast children. */
function markdown(text: string, inlineMath: boolean): MdNode[] {
  const deps = pipelineDeps();
  const tree = deps
    .unified()
    .use(deps.remarkParse)
    .use(deps.remarkGfm)
    .use(deps.remarkMath, { singleDollarTextMath: inlineMath })
    .parse(text) as unknown as MdNode;
  // Positions would point into the YAML string, not the lesson: the sidecar's own lines are reported instead.
  const strip = (node: MdNode) => {
    node.position = undefined;
    for (const child of node.children ?? []) strip(child);
  };
  strip(tree);
  return tree.children ?? [];
}

function inline(text: string, inlineMath: boolean): MdNode[] {
  const [first, ...rest] = markdown(text, inlineMath);
  return first?.type === "paragraph" && rest.length === 0
    ? (first.children ?? [])
    : markdown(text, inlineMath);
}

/** The answer as the MDX attributes and `correct` marks remark-quiz reads. */
function questionNode(question: SidecarQuestion, inlineMath: boolean): MdNode {
  const { answer, type } = question;
  const numbers = Array.isArray(answer) ? answer : typeof answer === "number" ? [answer] : [];
  const choices = (question.choices ?? []).map((choice, index) => {
    const node = jsxElement("Choice", {}, inline(choice, inlineMath));
    if ((type === "single" || type === "multiple") && numbers.includes(index + 1))
      node.attributes = [{ type: "mdxJsxAttribute", name: "correct", value: null }];
    return node;
  });
  const attributes: Record<string, string> = { id: question.id, type };
  if (type === "truefalse" || type === "numeric") attributes.answer = String(answer);
  if (question.tolerance !== undefined) attributes.tolerance = String(question.tolerance);
  return jsxElement("Question", attributes, [
    ...markdown(question.prompt, inlineMath),
    ...choices,
    jsxElement("Explanation", {}, markdown(question.explanation, inlineMath)),
  ]);
}

/** Sidecar answers the MDX syntax cannot misread (a single answer that is a list, a choice number past the end). */
function answerProblems(question: SidecarQuestion): string | undefined {
  const { type, answer } = question;
  const count = question.choices?.length ?? 0;
  if (type === "single" && (typeof answer !== "number" || !Number.isInteger(answer)))
    return "a single-choice answer is the number of the correct choice, from 1";
  if (type === "multiple" && !Array.isArray(answer) && typeof answer !== "number")
    return "a multiple-choice answer is a list of choice numbers, from 1";
  if ((type === "single" || type === "multiple") && [answer].flat().some((n) => Number(n) > count))
    return `the answer names a choice past the last one (${count})`;
  if (type === "truefalse" && typeof answer !== "boolean") return "a truefalse answer is true or false";
  if (type === "numeric" && typeof answer !== "number") return "a numeric answer is a number";
  return undefined;
}

/**
 * Reads `quiz.<lang>.yml` beside a `.md` lesson and appends it to the tree
 * as the <Quiz> an MDX lesson would hold, so the guard and remark-quiz treat
 * both formats alike (same public quiz, same server-only answer key).
 * Returns false when the sidecar exists but is invalid (reported with lines).
 */
export function appendSidecarQuiz(ctx: CompileContext, tree: MdNode, file: string, inlineMath: boolean) {
  if (!existsSync(file)) return true;
  const yaml = parseYamlSource(readFileSync(file, "utf8"));
  for (const e of yaml.syntaxErrors)
    ctx.problems.push({ severity: "error", file, line: e.line, message: e.message });
  if (yaml.syntaxErrors.length > 0) return false;
  const parsed = quizSidecarSchema.safeParse(yaml.value ?? {});
  if (!parsed.success) {
    ctx.problems.push(...schemaProblems(file, yaml, parsed.error));
    return false;
  }
  let valid = true;
  parsed.data.questions.forEach((question, index) => {
    const problem = answerProblems(question);
    if (!problem) return;
    valid = false;
    ctx.problems.push({
      severity: "error",
      file,
      line: yaml.lineOf(["questions", index, "answer"]),
      message: problem,
    });
  });
  if (!valid) return false;
  const quiz = jsxElement(
    "Quiz",
    { id: parsed.data.id },
    parsed.data.questions.map((question) => questionNode(question, inlineMath)),
  );
  tree.children = [...(tree.children ?? []), quiz];
  return true;
}
