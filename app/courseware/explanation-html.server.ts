import { type HastRoot, sanitize } from "./hast.server";
import type { MdNode } from "./mdast.server";
import type { PipelineDeps } from "./pipeline-deps.server";
import { pipelineDeps } from "./pipeline-deps.server";

type MdastRoot = Parameters<PipelineDeps["toHast"]>[0];

/**
 * Renders an <Explanation>'s markdown (paragraphs, inline code, math) to HTML
 * once at compile time; the grader returns it only after a submission.
 */
export function explanationHtml(children: MdNode[], onMathError: (message: string) => void): string {
  const { toHast, toHtml, rehypeKatex } = pipelineDeps();
  const hast = sanitize(toHast({ type: "root", children } as unknown as MdastRoot) as HastRoot);
  const renderMath = rehypeKatex({ strict: "ignore" }) as unknown as (tree: HastRoot, file: unknown) => void;
  renderMath(hast, { message: (reason: string) => onMathError(`explanation: ${reason}`) });
  return toHtml(hast);
}
