import { SEARCH_MAX } from "./limits";
import { normaliseSearch } from "./text";

/** Reads `?page=` and a search field the same way on every list: normalised like stored text. */
export function listParams(request: Request, searchField = "q") {
  const params = new URL(request.url).searchParams;
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    params,
    q: normaliseSearch(params.get(searchField) ?? "", SEARCH_MAX),
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}
