import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { Problem } from "./problems.server";

export interface YamlSource {
  value: unknown;
  /** Line of the node at `path`, or of its nearest existing ancestor. */
  lineOf(path: readonly PropertyKey[]): number;
  syntaxErrors: { line: number; message: string }[];
}

/**
 * YAML parsed with positions so schema errors can name a line. `firstLine` is
 * where the text starts in its file (frontmatter starts on line 2).
 */
export function parseYamlSource(text: string, firstLine = 1): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const toFileLine = (offset: number) => lineCounter.linePos(offset).line + firstLine - 1;
  return {
    value: doc.errors.length > 0 ? undefined : doc.toJS(),
    syntaxErrors: doc.errors.map((error) => ({ line: toFileLine(error.pos[0]), message: error.message })),
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
        const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
        if (range) return toFileLine(range[0]);
      }
      return firstLine;
    },
  };
}

/** Turns zod issues into problems, each at the line of the offending YAML node. */
export function schemaProblems(file: string, source: YamlSource, error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        severity: "error" as const,
        file,
        line: source.lineOf([...issue.path, key]),
        message: `unknown field "${[...issue.path, key].join(".")}"`,
      }));
    }
    return [
      {
        severity: "error" as const,
        file,
        line: source.lineOf(issue.path),
        message: `${at}: ${issue.message}`,
      },
    ];
  });
}
