import { Link } from "@remix-run/react";
import { CohortTabs } from "~/components/cohort-tabs";
import { useLocale, useT } from "~/i18n/use-t";

/** The top of every page of one cohort: back link, title, what the cohort is, and its tabs. */
export function CohortHeader({
  cohort,
  course,
  title,
  titleId = "cohort-title",
}: {
  cohort: {
    id: number;
    name: string;
    term: string;
    universityZh: string;
    universityEn: string;
    archivedAt: string | number | null;
  };
  course: string;
  title: string;
  titleId?: string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-4">
      <p className="print:hidden">
        <Link to="/teach" className="link">
          {t("teach.back")}
        </Link>
      </p>
      <div>
        <h1 id={titleId} className="text-2xl font-bold">
          {title}：{cohort.name}
          {cohort.archivedAt !== null ? (
            <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 align-middle text-sm font-normal">
              {t("teach.archivedBadge")}
            </span>
          ) : null}
        </h1>
        <p className="mt-1 text-slate-700">
          {course} · {locale === "en" ? cohort.universityEn : cohort.universityZh} · {cohort.term}
        </p>
      </div>
      <CohortTabs cohortId={cohort.id} />
    </div>
  );
}
