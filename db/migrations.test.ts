import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** Runs drizzle-kit generate on a copy of the schema and migrations; returns the migration files after. */
function generateOnCopy(editSchema: (source: string) => string = (s) => s) {
  // Inside the project so the copied schema still resolves drizzle-orm from node_modules.
  const dir = path.relative(process.cwd(), mkdtempSync(path.resolve("test/.tmp/drift-")));
  cpSync("db/migrations", path.join(dir, "migrations"), { recursive: true });
  writeFileSync(path.join(dir, "schema.ts"), editSchema(readFileSync("db/schema.ts", "utf8")));
  const config = path.join(dir, "drizzle.config.json");
  writeFileSync(
    config,
    JSON.stringify({ dialect: "sqlite", schema: `./${dir}/schema.ts`, out: `./${dir}/migrations` }),
  );
  const before = readdirSync(path.join(dir, "migrations")).sort();
  const output = execFileSync("node_modules/.bin/drizzle-kit", ["generate", `--config=${config}`], {
    encoding: "utf8",
  });
  return { before, after: readdirSync(path.join(dir, "migrations")).sort(), output };
}

describe("schema and migrations", () => {
  it("do not drift: drizzle-kit generate has nothing left to generate", () => {
    const { before, after, output } = generateOnCopy();
    expect(output).toMatch(/No schema changes/);
    expect(after).toEqual(before);
  }, 60_000);

  it("would be caught drifting (the check itself works)", () => {
    const { before, after } = generateOnCopy((source) =>
      source.replace(
        'nameEn: text("name_en").notNull(),',
        'nameEn: text("name_en").notNull(),\n  motto: text("motto"),',
      ),
    );
    expect(after.length).toBe(before.length + 1);
  }, 60_000);
});
