import { type SQL, type SQLWrapper, or, sql } from "drizzle-orm";

/** `%` and `_` in what people type are literal characters, not wildcards. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Case-insensitive (ASCII, as SQLite's LIKE) substring match on any of the
 * columns. The ESCAPE clause is what makes the backslashes above mean anything.
 */
export function containsAny(q: string, columns: SQLWrapper[]): SQL | undefined {
  const pattern = containsPattern(q);
  return or(...columns.map((column) => sql`${column} LIKE ${pattern} ESCAPE '\\'`));
}
