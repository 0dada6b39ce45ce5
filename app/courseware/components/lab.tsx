import type { ReactNode } from "react";
import { formatNumber } from "~/i18n/locale";
import { isLabPool } from "../types";
import { useStaticLocale } from "./static-t";

/** Versions are the same in both languages; only the range sign follows the language's typography. */
function localRanges(software: string, locale: string): string {
  return locale === "en" ? software : software.replace(/(\d)\s*[–—]\s*(\d)/g, "$1～$2");
}

/**
 * What a lab needs on the compute center and what to do there; the balance link comes with vouchers.
 * `software` comes from the frontmatter (remark-lab-software), never from the author's tag.
 */
export function Lab({
  pool,
  minutes,
  software,
  children,
}: {
  pool?: string;
  minutes?: number | string;
  software?: string;
  children?: ReactNode;
}) {
  const { t, locale } = useStaticLocale();
  const poolName = isLabPool(pool) ? t(`pool.${pool}`) : (pool ?? "");
  return (
    <section
      data-pool={isLabPool(pool) ? pool : undefined}
      className="lab my-8 rounded-lg border border-violet-300 bg-violet-50 px-4 py-3 print:break-inside-avoid"
    >
      <p className="lab-title font-semibold text-violet-900">
        {t("lesson.lab.heading", { pool: poolName, minutes: formatNumber(locale, Number(minutes)) })}
      </p>
      {software ? (
        <p className="lab-software mt-1 text-sm text-violet-900">
          {t("lesson.lab.software", { software: localRanges(software, locale) })}
        </p>
      ) : null}
      {children}
    </section>
  );
}
