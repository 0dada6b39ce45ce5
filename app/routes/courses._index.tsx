import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CourseCard } from "~/components/courses/course-card";
import { getCatalogue } from "~/courseware/catalogue.server";
import { getLocale } from "~/i18n/locale.server";
import { contentLang } from "~/i18n/locale";
import { makeT } from "~/i18n/t";
import { useT } from "~/i18n/use-t";

/** Loader data is the same for every visitor with the same locale, so entry.server may cache the document. */
export const handle = { pageCache: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle }];

/** Public: anyone may browse the catalogue, in their own language. */
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  const t = makeT(locale);
  const courses = await getCatalogue(contentLang(locale));
  return json({ courses, pageTitle: `${t("courses.title")} · ${t("app.name")}` });
}

export default function Catalogue() {
  const { courses } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section aria-labelledby="catalogue-title">
      <h1 id="catalogue-title" className="text-2xl font-bold sm:text-3xl">
        {t("courses.title")}
      </h1>
      <p className="mt-2 max-w-3xl text-slate-700">{t("courses.lead")}</p>
      {courses.length === 0 ? (
        <p className="mt-6 text-slate-600">{t("courses.empty")}</p>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {courses.map((course) => (
            <CourseCard key={course.slug} course={course} />
          ))}
        </ul>
      )}
    </section>
  );
}
