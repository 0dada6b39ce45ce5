import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/use-t";

const TABS = [
  { to: "", key: "insight.roster" },
  { to: "/progress", key: "insight.progress" },
  { to: "/quizzes", key: "insight.quizzes" },
  { to: "/activity", key: "insight.activity" },
] as const;

/** Title, course line and the links between a cohort's views, shared by the teacher's cohort pages. */
export function CohortHeader({
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
  const t = useT();
  return (
    <header className="space-y-3">
      <div>
        <h1 id={titleId} className="text-2xl font-bold break-words">
          {title}
        </h1>
        <p className="mt-1 text-slate-700">{subtitle}</p>
      </div>
      <nav aria-label={t("insight.nav")}>
        <ul className="flex flex-wrap gap-2 text-sm">
          {TABS.map((tab) => (
            <li key={tab.key}>
              <NavLink
                to={`/teach/${cohortId}${tab.to}`}
                end
                className={({ isActive }) =>
                  isActive ? "btn bg-brand-700 px-3 py-1 text-white" : "btn-secondary px-3 py-1"
                }
              >
                {t(tab.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {children}
    </header>
  );
}
