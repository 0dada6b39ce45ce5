import { Link } from "@remix-run/react";
import { lessonUrl } from "~/courseware/urls";
import { useT } from "~/i18n/use-t";

type Neighbour = { slug: string; title: string } | undefined;

export function LessonPager({
  courseSlug,
  previous,
  next,
}: {
  courseSlug: string;
  previous: Neighbour;
  next: Neighbour;
}) {
  const t = useT();
  if (!previous && !next) return null;
  return (
    <nav
      aria-label={t("lesson.pager")}
      className="mt-10 grid gap-3 border-t border-slate-200 pt-6 sm:grid-cols-2 print:hidden"
    >
      {previous ? (
        <Link
          to={lessonUrl(courseSlug, previous.slug)}
          rel="prev"
          className="card block hover:border-brand-600"
        >
          <span className="block text-sm text-slate-600">← {t("lesson.previous")}</span>
          <span className="font-semibold text-brand-700">{previous.title}</span>
        </Link>
      ) : (
        <span className="hidden sm:block" />
      )}
      {next ? (
        <Link
          to={lessonUrl(courseSlug, next.slug)}
          rel="next"
          className="card block text-right hover:border-brand-600"
        >
          <span className="block text-sm text-slate-600">{t("lesson.next")} →</span>
          <span className="font-semibold text-brand-700">{next.title}</span>
        </Link>
      ) : null}
    </nav>
  );
}
