import { NavLink } from "@remix-run/react";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

/** The pages of one cohort's workspace, in the order a teacher uses them. */
const TABS: { path: string; label: MessageKey; end?: boolean }[] = [
  { path: "", label: "tabs.roster", end: true },
  { path: "/progress", label: "tabs.progress" },
  { path: "/quizzes", label: "tabs.quizzes" },
  { path: "/activity", label: "tabs.activity" },
  { path: "/compute", label: "tabs.compute" },
  { path: "/settings", label: "tabs.settings" },
  { path: "/qr", label: "tabs.qr" },
];

export function CohortTabs({ cohortId }: { cohortId: number }) {
  const t = useT();
  return (
    <nav aria-label={t("tabs.label")} className="print:hidden">
      <ul className="flex flex-wrap gap-1 border-b border-slate-200">
        {TABS.map((tab) => (
          <li key={tab.path}>
            <NavLink
              to={`/teach/${cohortId}${tab.path}`}
              end={tab.end}
              className={({ isActive }) =>
                `inline-block rounded-t-md px-3 py-2 text-sm ${
                  isActive
                    ? "border border-b-white border-slate-200 bg-white font-semibold text-brand-800"
                    : "text-slate-700 hover:text-brand-800"
                }`
              }
            >
              {t(tab.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
