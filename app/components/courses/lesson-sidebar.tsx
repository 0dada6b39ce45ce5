import { Link } from "@remix-run/react";
import type { LessonLine } from "~/courseware/catalogue.server";
import { lessonUrl } from "~/courseware/urls";
import { formatNumber } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";

/** The course's lessons in order, the current one marked for sighted and screen-reader users alike. */
export function LessonSidebar(props: {
  courseSlug: string;
  courseTitle: string;
  lessons: LessonLine[];
  current: string;
  /** The reader's lesson states by slug, once fetched after hydration (never in the cached document). */
  states?: Readonly<Record<string, "not-started" | "started" | "complete">>;
  className?: string;
}) {
  const t = useT();
  const locale = useLocale();
  return (
    <nav aria-labelledby="lesson-nav-title" className={props.className}>
      <h2 id="lesson-nav-title" className="text-sm font-semibold uppercase tracking-wide text-slate-600">
        {t("lesson.lessons")}
      </h2>
      <ol className="mt-2 space-y-1">
        {props.lessons.map((lesson, index) => {
          const current = lesson.slug === props.current;
          return (
            <li key={lesson.slug}>
              <Link
                to={lessonUrl(props.courseSlug, lesson.slug)}
                aria-current={current ? "page" : undefined}
                className={`flex gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-100 ${current ? "bg-brand-50 font-semibold text-brand-800" : "text-slate-800"}`}
              >
                <span className="w-5 shrink-0 text-right tabular-nums text-slate-600">{index + 1}.</span>
                <span className="flex-1">
                  {lesson.title}
                  {props.states?.[lesson.slug] === "complete" ? (
                    <span className="ml-1 text-green-700">
                      ✓<span className="sr-only">{t("lesson.state.complete")}</span>
                    </span>
                  ) : props.states?.[lesson.slug] === "started" ? (
                    <span className="ml-1 text-slate-500">
                      ◐<span className="sr-only">{t("lesson.state.started")}</span>
                    </span>
                  ) : null}
                </span>
                <span className="shrink-0 text-xs text-slate-600">
                  {t("course.minutes", { minutes: formatNumber(locale, lesson.minutes) })}
                </span>
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
