/**
 * The progress matrix's vocabulary, shared by the server model and the page
 * (a route module is also a browser module, so nothing here may be server-only).
 */

/** One screen of a lecture hall's roster, like the roster itself. */
export const PROGRESS_PAGE_SIZE = 50;
export const DEFAULT_INACTIVE_DAYS = 7;
export const MAX_INACTIVE_DAYS = 365;
export const PROGRESS_SORTS = ["name", "progress", "activity", "quiz"] as const;
export const PROGRESS_FILTERS = ["all", "at-risk", "not-started"] as const;
export type ProgressSort = (typeof PROGRESS_SORTS)[number];
export type ProgressFilter = (typeof PROGRESS_FILTERS)[number];
export type CellState = "not-started" | "started" | "complete";

export interface ProgressQuery {
  sort: ProgressSort;
  dir: "asc" | "desc";
  filter: ProgressFilter;
  inactiveDays: number;
  q: string;
  page: number;
}

/** Reads the matrix's GET form; anything unknown falls back to the default rather than failing. */
export function parseProgressQuery(params: URLSearchParams, q: string, page: number): ProgressQuery {
  const pick = <T extends string>(options: readonly T[], value: string | null, fallback: T): T =>
    options.find((option) => option === value) ?? fallback;
  const days = Number(params.get("days") ?? DEFAULT_INACTIVE_DAYS);
  const sort = pick(PROGRESS_SORTS, params.get("sort"), "name");
  return {
    sort,
    dir: pick(["asc", "desc"] as const, params.get("dir"), sort === "name" ? "asc" : "desc"),
    filter: pick(PROGRESS_FILTERS, params.get("filter"), "all"),
    inactiveDays:
      Number.isSafeInteger(days) && days >= 1 && days <= MAX_INACTIVE_DAYS ? days : DEFAULT_INACTIVE_DAYS,
    q,
    page,
  };
}
