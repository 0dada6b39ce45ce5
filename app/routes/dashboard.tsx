import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/permissions.server";
import { lessonUrl } from "~/courseware/urls";
import { getLocale } from "~/i18n/locale.server";
import { contentLang, formatNumber } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { ExpiryWarnings } from "~/components/expiry-warnings";
import { expiryWarnings, settleExpiryFor } from "~/models/compute-page.server";
import { type DashboardCourse, learnerDashboard } from "~/models/dashboard.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "我的学习 · My learning" }];

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/** Any account can learn (teachers take teacher-training cohorts too), so any signed-in person has this page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const locale = await getLocale(request, viewer);
  const db = getDb();
  const courses = await learnerDashboard(db, viewer.id, contentLang(locale));
  settleExpiryFor(db, viewer.id);
  return json(
    { courses, computeWarnings: expiryWarnings(db, viewer.id) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

function CourseRow({ course }: { course: DashboardCourse }) {
  const t = useT();
  const locale = useLocale();
  return (
    <li className="card">
      <h3 className="text-lg font-semibold">
        {course.slug ? (
          <Link to={`/courses/${course.slug}`} className="link">
            {course.title}
          </Link>
        ) : (
          course.title
        )}
      </h3>
      <p className="text-sm text-slate-600">
        {course.cohort} · {course.term}
      </p>
      <progress
        className="mt-3 h-2 w-full"
        max={100}
        value={course.percent}
        aria-label={t("dashboard.progressLabel", { course: course.title })}
      >
        {course.percent}%
      </progress>
      <p className="mt-1 text-sm">
        {t("dashboard.progress", {
          done: formatNumber(locale, course.completedRequired),
          total: formatNumber(locale, course.requiredLessons),
        })}
      </p>
      {course.quizAverage !== null && course.passMark !== null ? (
        <p className="text-sm">
          {t("dashboard.quizAverage", {
            average: formatNumber(locale, Math.round(course.quizAverage)),
            passMark: course.passMark,
          })}
        </p>
      ) : null}
      <p className="mt-3 flex flex-wrap gap-4">
        {course.slug && course.continueSlug && course.continueTitle && course.status === "active" ? (
          <Link to={lessonUrl(course.slug, course.continueSlug)} className="btn-primary">
            {t("dashboard.continue", { lesson: course.continueTitle })}
          </Link>
        ) : null}
        {course.certificate ? (
          course.certificate.revoked ? (
            <span className="text-sm text-red-800">{t("dashboard.certificateRevoked")}</span>
          ) : (
            <Link to={`/certificates/${course.certificate.id}`} className="link">
              {t("dashboard.certificate")}
            </Link>
          )
        ) : null}
      </p>
    </li>
  );
}

export default function Dashboard() {
  const { courses, computeWarnings } = useLoaderData<typeof loader>();
  const t = useT();
  const active = courses.filter((c) => c.status === "active");
  const completed = courses.filter((c) => c.status === "completed");
  return (
    <section aria-labelledby="dashboard-title" className="mx-auto max-w-3xl">
      <h1 id="dashboard-title" className="text-2xl font-bold">
        {t("dashboard.title")}
      </h1>
      <ExpiryWarnings warnings={computeWarnings} />
      {courses.length === 0 ? (
        <p className="mt-4 text-slate-700">
          {t("dashboard.empty")}{" "}
          <Link to="/join" className="link">
            {t("learning.enterCode")}
          </Link>
        </p>
      ) : null}
      {active.length > 0 ? (
        <>
          <h2 className="mt-6 text-lg font-semibold">{t("dashboard.active")}</h2>
          <ul className="mt-3 space-y-4">
            {active.map((course) => (
              <CourseRow key={course.courseId} course={course} />
            ))}
          </ul>
        </>
      ) : null}
      {completed.length > 0 ? (
        <>
          <h2 className="mt-8 text-lg font-semibold">{t("dashboard.completed")}</h2>
          <ul className="mt-3 space-y-4">
            {completed.map((course) => (
              <CourseRow key={course.courseId} course={course} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
