/** How a roster can be sorted: shared by the page's sort menu (browser) and the roster query (server). */
export const ROSTER_SORTS = ["name", "number", "enrolled", "activity", "progress"] as const;
export type RosterSort = (typeof ROSTER_SORTS)[number];
export type SortDirection = "asc" | "desc";

export function rosterSortOf(raw: string | null): RosterSort {
  return (ROSTER_SORTS as readonly string[]).includes(raw ?? "") ? (raw as RosterSort) : "name";
}
