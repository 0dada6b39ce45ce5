import { Link } from "@remix-run/react";
import type { LessonView } from "~/courseware/lesson-view.server";
import { courseUrl } from "~/courseware/urls";
import { formatNumber } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";

/** Course link, title, time, lab need, and the notice when the lesson is shown in the other language. */
export function LessonHeader({ view }: { view: Pick<LessonView, "course" | "lesson" | "lessons"> }) {
  const t = useT();
  const locale = useLocale();
  const { lesson } = view;
  const facts = [
    t("lesson.position", { n: lesson.position, total: view.lessons.length }),
    t("lesson.minutes", { minutes: formatNumber(locale, lesson.minutes) }),
    t(lesson.required ? "course.required" : "course.optional"),
    ...(lesson.lab
      ? [
          t("lesson.labNeed", {
            pool: t(`pool.${lesson.lab.pool}`),
            minutes: formatNumber(locale, lesson.lab.minutes),
          }),
        ]
      : []),
  ];
  return (
    <header>
      <p className="text-sm">
        <Link to={courseUrl(view.course.slug)} className="link">
          {view.course.title}
        </Link>
      </p>
      {/* Focusable by script only: "back to top" moves focus here. */}
      <h1 id="lesson-title" tabIndex={-1} className="mt-1 text-2xl font-bold focus:outline-none sm:text-3xl">
        {lesson.title}
      </h1>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-600">
        {facts.map((fact) => (
          <li key={fact}>{fact}</li>
        ))}
      </ul>
      {lesson.fallbackFrom ? (
        <p
          role="note"
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          {t("lesson.fallback", {
            requested: t(`content.lang.${lesson.fallbackFrom}`),
            shown: t(`content.lang.${lesson.lang}`),
          })}
        </p>
      ) : null}
    </header>
  );
}
