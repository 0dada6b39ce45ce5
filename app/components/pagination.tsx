import { Link, useLocation } from "@remix-run/react";
import { useLocale, useT } from "~/i18n/use-t";
import { formatNumber } from "~/i18n/locale";

/** Previous/next links that keep the current search and filters. */
export function Pagination({ page, pages, total }: { page: number; pages: number; total: number }) {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav
      aria-label={t("common.pageOf", { page, pages, total })}
      className="mt-4 flex flex-wrap items-center gap-3 text-sm"
    >
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className="btn-secondary" rel="prev">
          {t("common.previous")}
        </Link>
      ) : null}
      <span className="text-slate-600">
        {t("common.pageOf", {
          page: formatNumber(locale, page),
          pages: formatNumber(locale, pages),
          total: formatNumber(locale, total),
        })}
      </span>
      {page < pages ? (
        <Link to={hrefFor(page + 1)} className="btn-secondary" rel="next">
          {t("common.next")}
        </Link>
      ) : null}
    </nav>
  );
}
