import { Link } from "@remix-run/react";
import { formatDateTime } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";

export interface ExpiryWarning {
  slug: string;
  nameZh: string;
  nameEn: string;
  minutes: number;
  expiresAt: string;
  urgent: boolean;
}

/** Compute minutes about to expire: within 14 days, urgent within 3. */
export function ExpiryWarnings({ warnings }: { warnings: ExpiryWarning[] }) {
  const t = useT();
  const locale = useLocale();
  if (warnings.length === 0) return null;
  return (
    <div
      role="status"
      className="mt-4 space-y-1 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      {warnings.map((w) => (
        <p
          key={`${w.slug}-${w.expiresAt}`}
          data-expiry-warning={w.urgent ? "urgent" : "early"}
          className={w.urgent ? "font-semibold" : undefined}
        >
          {t(w.urgent ? "compute.expiryWarningUrgent" : "compute.expiryWarning", {
            pool: locale === "en" ? w.nameEn : w.nameZh,
            minutes: w.minutes,
            date: formatDateTime(locale, new Date(w.expiresAt), "date"),
          })}
        </p>
      ))}
      <p>
        <Link to="/compute" className="link">
          {t("compute.open")}
        </Link>
      </p>
    </div>
  );
}
