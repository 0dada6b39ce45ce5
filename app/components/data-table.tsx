import type { ReactNode } from "react";
import { useT } from "~/i18n/use-t";

/**
 * A list table in a horizontally scrollable region that keyboard users can
 * focus and scroll, with a row saying so when there is nothing to show.
 */
export function DataTable({
  labelledBy,
  headers,
  empty,
  children,
}: {
  labelledBy: string;
  headers: string[];
  empty: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
    <section className="table-wrap" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="table">
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {empty ? (
            <tr>
              <td colSpan={headers.length}>{t("common.none")}</td>
            </tr>
          ) : null}
          {children}
        </tbody>
      </table>
    </section>
  );
}
