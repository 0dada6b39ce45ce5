import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** The 403 of a lesson for someone outside the course's cohorts: where to read about it and how to join. */
export function NotEnrolled({ courseSlug }: { courseSlug: string }) {
  const t = useT();
  return (
    <section className="card mx-auto max-w-xl" aria-labelledby="not-enrolled-title">
      <p className="text-sm font-semibold text-slate-500">403</p>
      <h1 id="not-enrolled-title" className="mt-1 text-2xl font-bold">
        {t("learning.notEnrolled")}
      </h1>
      <p className="mt-3 text-slate-700">{t("learning.notEnrolledText")}</p>
      <p className="mt-6 flex flex-wrap gap-4">
        <Link to={`/courses/${courseSlug}`} className="link">
          {t("learning.toCourse")}
        </Link>
        <Link to="/join" className="link">
          {t("learning.enterCode")}
        </Link>
      </p>
    </section>
  );
}
