import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import { landingPath } from "~/auth/landing";
import { getViewer } from "~/auth/session.server";
import type { loader as rootLoader } from "~/root";
import { useT } from "~/i18n/use-t";

/** A signed-in student's home is their dashboard; everyone else sees the programme's front page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer?.role === "student") throw redirect(landingPath(viewer.role));
  return null;
}

export default function Home() {
  const t = useT();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const features = [
    ["home.forStudents", "home.forStudentsText"],
    ["home.forTeachers", "home.forTeachersText"],
    ["home.forCenter", "home.forCenterText"],
  ] as const;
  return (
    <div className="space-y-8">
      <section className="rounded-xl bg-brand-800 px-6 py-10 text-white sm:px-10">
        <p className="text-sm text-brand-100">{t("app.program")}</p>
        <h1 className="mt-2 text-3xl font-bold sm:text-4xl">{t("home.title")}</h1>
        <p className="mt-4 max-w-2xl text-brand-50">{t("home.lead")}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link to="/courses" className="btn bg-white text-brand-800 hover:bg-brand-50">
            {t("home.browse")}
          </Link>
          {root?.role ? null : (
            <Link to="/login" className="btn border border-white text-white hover:bg-brand-700">
              {t("home.signin")}
            </Link>
          )}
        </div>
      </section>
      <section className="grid gap-4 sm:grid-cols-3">
        {features.map(([title, text]) => (
          <div key={title} className="card">
            <h2 className="text-lg font-semibold">{t(title)}</h2>
            <p className="mt-2 text-sm text-slate-700">{t(text)}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
