import path from "node:path";
import { projectRoot } from "~db/paths.server";

/** One finding of the content checker (or of a compile), pointing at a file and, when known, a line. */
export interface Problem {
  severity: "error" | "warning";
  file: string;
  line?: number;
  column?: number;
  message: string;
}

/** Paths in reports are relative to the project root so they can be clicked in an editor or CI log. */
export function displayPath(file: string): string {
  const relative = path.relative(projectRoot, file);
  return relative.startsWith("..") ? file : relative;
}

export function formatProblem(problem: Problem): string {
  const where = [displayPath(problem.file), problem.line, problem.line ? problem.column : undefined]
    .filter((part) => part !== undefined)
    .join(":");
  return `${problem.severity === "error" ? "error" : "warning"} ${where} ${problem.message}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}
