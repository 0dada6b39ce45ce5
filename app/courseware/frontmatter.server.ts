import type { Problem } from "./problems.server";
import { type LessonFrontmatter, lessonFrontmatterSchema } from "./schema.server";
import { parseYamlSource, schemaProblems } from "./yaml-source.server";

export interface ParsedFrontmatter {
  frontmatter?: LessonFrontmatter;
  /** Line of each top-level field, so cross-language checks can point at it. */
  fieldLines: Record<string, number>;
  problems: Problem[];
}

const FENCE = /^---[ \t]*$/;

/** Reads and validates a lesson's frontmatter, the block between the first two `---` lines. */
export function parseLessonFrontmatter(file: string, source: string): ParsedFrontmatter {
  const lines = source.split(/\r?\n/);
  const end = FENCE.test(lines[0] ?? "")
    ? lines.findIndex((line, index) => index > 0 && FENCE.test(line))
    : -1;
  if (end < 0) {
    return {
      fieldLines: {},
      problems: [
        { severity: "error", file, line: 1, message: "the lesson must start with a `---` frontmatter block" },
      ],
    };
  }
  const yaml = parseYamlSource(lines.slice(1, end).join("\n"), 2);
  if (yaml.syntaxErrors.length > 0) {
    return {
      fieldLines: {},
      problems: yaml.syntaxErrors.map((e) => ({
        severity: "error",
        file,
        line: e.line,
        message: `frontmatter: ${e.message}`,
      })),
    };
  }
  const fieldLines: Record<string, number> = {};
  for (const field of ["id", "title", "minutes", "required", "lab"]) fieldLines[field] = yaml.lineOf([field]);
  const result = lessonFrontmatterSchema.safeParse(yaml.value ?? {});
  if (!result.success) return { fieldLines, problems: schemaProblems(file, yaml, result.error) };
  return { frontmatter: result.data, fieldLines, problems: [] };
}
