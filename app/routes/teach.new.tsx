import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { CohortForm } from "~/components/cohort-form";
import { Notice } from "~/components/forms";
import { getLocale } from "~/i18n/locale.server";
import { contentLang } from "~/i18n/locale";
import { useT } from "~/i18n/use-t";
import { cohortFormSchema } from "~/models/cohort-form.server";
import { createCohort } from "~/models/cohorts.server";
import { courseChoices } from "~/models/teaching.server";
import { allUniversities, getUniversity } from "~/models/universities.server";
import { actorOf } from "~/utils/actor.server";
import { calendarDay } from "~/utils/calendar-day";
import { type FormFailure, fieldFailure, intentField, parseForm, readForm } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "新建教学班 · New cohort" }];

/** Teachers create cohorts at their own university; admins choose one. */
async function formContext(request: Request) {
  const viewer = await requirePermission(request, "cohort:teach");
  const locale = await getLocale(request, viewer);
  const isAdmin = viewer.role === "admin";
  return {
    viewer,
    isAdmin,
    courses: await courseChoices(contentLang(locale)),
    universities: isAdmin ? allUniversities(getDb()) : undefined,
  };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, isAdmin, courses, universities } = await formContext(request);
  const today = calendarDay();
  return json(
    {
      courses,
      universities,
      blocked: !isAdmin && viewer.universityId === null,
      values: { startsOn: today, endsOn: today },
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer, isAdmin, courses } = await formContext(request);
  const form = await readForm(request);
  const base = cohortFormSchema(
    courses.map((c) => c.id),
    isAdmin,
  );
  const parsed = parseForm(form, base.safeExtend({ intent: intentField(["create"]) }));
  if (!parsed.ok) return json<FormFailure>(parsed, { status: 400 });
  const { universityId: chosen, intent: _intent, ...input } = parsed.data;
  const db = getDb();
  const universityId = isAdmin ? chosen : viewer.universityId;
  if (!universityId || !getUniversity(db, universityId))
    return json<FormFailure>(fieldFailure("universityId", "cohortForm.unknownUniversity", parsed.values), {
      status: 400,
    });
  const cohort = createCohort(db, actorOf(viewer, context), {
    ...input,
    universityId,
    joinCodeExpiresAt: null,
    // The creating teacher runs it; an admin adds teachers afterwards (admins see every cohort anyway).
    teacherIds: isAdmin ? [] : [viewer.id],
  });
  return redirect(`/teach/${cohort.id}`);
}

export default function NewCohort() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <p>
        <Link to="/teach" className="link">
          {t("teach.back")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("teach.newTitle")}</h1>
      {data.blocked ? (
        <Notice tone="error">{t("teach.noUniversity")}</Notice>
      ) : (
        <CohortForm
          mode="create"
          courses={data.courses}
          universities={data.universities}
          values={failure?.values ?? data.values}
          errors={failure?.fieldErrors}
        />
      )}
    </div>
  );
}
