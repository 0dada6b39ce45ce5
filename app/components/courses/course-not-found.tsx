import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** The 404 of course and lesson pages: says what is missing and where to go instead. */
export function CourseNotFound() {
  const t = useT();
  return (
    <section className="card mx-auto max-w-xl" aria-labelledby="not-found-title">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 id="not-found-title" className="mt-1 text-2xl font-bold">
        {t("course.notFound")}
      </h1>
      <p className="mt-3 text-slate-700">{t("course.notFoundText")}</p>
      <p className="mt-6">
        <Link to="/courses" className="link">
          {t("course.toCatalogue")}
        </Link>
      </p>
    </section>
  );
}
