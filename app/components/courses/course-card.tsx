import { Link } from "@remix-run/react";
import type { CourseCard as Card } from "~/courseware/catalogue.server";
import { courseUrl } from "~/courseware/urls";
import { useLocale, useT } from "~/i18n/use-t";
import { labNeedText } from "./labels";

/** Level, hours, lessons, languages, lab needs: what a student weighs before starting. */
export function CourseFacts({ course }: { course: Card }) {
  const t = useT();
  const locale = useLocale();
  const languages = course.languages
    .map(({ lang, complete }) =>
      complete ? t(`content.lang.${lang}`) : t("courses.langPartial", { lang: t(`content.lang.${lang}`) }),
    )
    .join(" · ");
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      <dt className="text-slate-600">{t("courses.level")}</dt>
      <dd>{t(`courses.level.${course.level}`)}</dd>
      <dt className="text-slate-600">{t("courses.length")}</dt>
      <dd>
        {t("courses.lessonCount", { count: course.lessonCount })} ·{" "}
        {t("courses.hours", { count: course.hours })}
      </dd>
      <dt className="text-slate-600">{t("courses.languages")}</dt>
      <dd>{languages}</dd>
      <dt className="text-slate-600">{t("courses.labs")}</dt>
      <dd>
        {course.labs.length > 0
          ? course.labs.map((need) => labNeedText(t, locale, need)).join(" · ")
          : t("courses.noLabs")}
      </dd>
    </dl>
  );
}

export function CourseCard({ course }: { course: Card }) {
  return (
    <li className="card flex flex-col gap-3">
      <h2 className="text-lg font-semibold">
        <Link to={courseUrl(course.slug)} className="link">
          {course.title}
        </Link>
      </h2>
      <p className="text-slate-700">{course.summary}</p>
      <div className="mt-auto">
        <CourseFacts course={course} />
      </div>
    </li>
  );
}
