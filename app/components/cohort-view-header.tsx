import type { ReactNode } from "react";
import { CohortTabs } from "~/components/cohort-tabs";

/** Title, course line and the links between a cohort's views, shared by the teacher's cohort pages. */
export function CohortViewHeader({
  cohortId,
  title,
  subtitle,
  titleId,
  children,
}: {
  cohortId: number;
  title: string;
  subtitle: string;
  titleId: string;
  children?: ReactNode;
}) {
  return (
    <header className="space-y-3">
      <div>
        <h1 id={titleId} className="text-2xl font-bold break-words">
          {title}
        </h1>
        <p className="mt-1 text-slate-700">{subtitle}</p>
      </div>
      <CohortTabs cohortId={cohortId} />
      {children}
    </header>
  );
}
