/** One page of a list: the requested page clamped into 1…pages, so a stale link shows the last page. */
export interface Paging {
  page: number;
  pages: number;
  total: number;
  limit: number;
  offset: number;
}

export function paging(total: number, requested: number | undefined, size: number): Paging {
  const pages = Math.max(1, Math.ceil(total / size));
  const wanted = Number.isSafeInteger(requested) ? (requested as number) : 1;
  const page = Math.min(Math.max(1, wanted), pages);
  return { page, pages, total, limit: size, offset: (page - 1) * size };
}
