import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import {
  Link,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { CourseFacts } from "~/components/courses/course-card";
import { CourseNotFound } from "~/components/courses/course-not-found";
import { labNeedText } from "~/components/courses/labels";
import { getCourseView } from "~/courseware/catalogue.server";
import { lessonUrl } from "~/courseware/urls";
import { getLocale } from "~/i18n/locale.server";
import { contentLang, formatNumber } from "~/i18n/locale";
import { makeT } from "~/i18n/t";
import { useLocale, useT } from "~/i18n/use-t";

/** Loader data is the same for every visitor with the same locale, so entry.server may cache the document. */
export const handle = { pageCache: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle },
  { name: "description", content: data?.course.summary },
];

/** Public: the syllabus is how a student decides to join. Reading lessons needs an account. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const course = await getCourseView(params.course ?? "", contentLang(locale));
  if (!course) throw new Response(null, { status: 404 });
  return json({ course, pageTitle: `${course.title} · ${makeT(locale)("app.name")}` });
}

export default function CoursePage() {
  const { course } = useLoaderData<typeof loader>();
  const signedIn = Boolean(useRouteLoaderData<{ role: string | null }>("root")?.role);
  const t = useT();
  const locale = useLocale();
  const first = course.lessons[0];
  const firstUrl = first ? lessonUrl(course.slug, first.slug) : "/courses";
  const start = signedIn ? firstUrl : `/login?redirectTo=${encodeURIComponent(firstUrl)}`;
  const labs = course.lessons.filter((lesson) => lesson.lab);
  return (
    <article aria-labelledby="course-title" className="mx-auto max-w-4xl">
      <p className="text-sm">
        <Link to="/courses" className="link">
          {t("courses.title")}
        </Link>
      </p>
      <h1 id="course-title" className="mt-1 text-2xl font-bold sm:text-3xl">
        {course.title}
      </h1>
      <p className="mt-3 text-lg text-slate-700">{course.summary}</p>
      <div className="mt-4 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <CourseFacts course={course} />
        <Link to={start} className="btn-primary shrink-0 print:hidden">
          {signedIn ? t("course.start") : t("course.signIn")}
        </Link>
      </div>

      <section aria-labelledby="outcomes-title" className="mt-8">
        <h2 id="outcomes-title" className="text-xl font-semibold">
          {t("course.outcomes")}
        </h2>
        <ul className="mt-2 list-disc space-y-1 pl-6">
          {course.outcomes.map((outcome) => (
            <li key={outcome}>{outcome}</li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="syllabus-title" className="mt-8">
        <h2 id="syllabus-title" className="text-xl font-semibold">
          {t("course.syllabus")}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {t("course.syllabusTotal", { count: course.lessonCount, minutes: course.totalMinutes })}
        </p>
        <ol className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {course.lessons.map((lesson, index) => (
            <li key={lesson.slug} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-3">
              <span className="w-6 text-right tabular-nums text-slate-500">{index + 1}.</span>
              <Link to={lessonUrl(course.slug, lesson.slug)} className="link flex-1 font-medium">
                {lesson.title}
              </Link>
              <span className="text-sm text-slate-600">
                {t("course.minutes", { minutes: formatNumber(locale, lesson.minutes) })} ·{" "}
                {t(lesson.required ? "course.required" : "course.optional")}
                {lesson.langs.length === 1 && lesson.langs[0]
                  ? ` · ${t("course.onlyIn", { lang: t(`content.lang.${lesson.langs[0]}`) })}`
                  : ""}
              </span>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="labs-title" className="mt-8">
        <h2 id="labs-title" className="text-xl font-semibold">
          {t("course.labs")}
        </h2>
        {labs.length === 0 ? (
          <p className="mt-2 text-slate-700">{t("course.labsNone")}</p>
        ) : (
          <ul className="mt-2 list-disc space-y-1 pl-6">
            {labs.map((lesson) =>
              lesson.lab ? (
                <li key={lesson.slug}>{`${lesson.title} — ${labNeedText(t, locale, lesson.lab)}`}</li>
              ) : null,
            )}
          </ul>
        )}
      </section>

      <section aria-labelledby="certificate-title" className="mt-8">
        <h2 id="certificate-title" className="text-xl font-semibold">
          {t("course.certificate")}
        </h2>
        <p className="mt-2 text-slate-700">
          {t(`course.certificate.${course.certificate}`, { passMark: course.passMark })}
        </p>
      </section>

      <section aria-labelledby="join-title" className="card mt-8">
        <h2 id="join-title" className="text-xl font-semibold">
          {t("course.join")}
        </h2>
        <p className="mt-2 text-slate-700">{t("course.joinText")}</p>
        <p className="mt-2">
          <Link to="/join" className="link">
            {t("learning.enterCode")}
          </Link>
        </p>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return status === 404 ? <CourseNotFound /> : <ErrorPage status={status} />;
}
