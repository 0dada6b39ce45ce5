import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaffCohort } from "~/auth/cohort-access.server";
import { CohortForm } from "~/components/cohort-form";
import { CohortHeader } from "~/components/cohort-header";
import { ConfirmForm } from "~/components/confirm-form";
import { Field, type FieldErrors, Notice, PendingButton } from "~/components/forms";
import { SearchForm } from "~/components/search-form";
import { getLocale } from "~/i18n/locale.server";
import { contentLang, formatDateTime } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import { cohortFormSchema } from "~/models/cohort-form.server";
import {
  addCoTeacher,
  coTeacherCandidates,
  cohortTeacherList,
  removeCoTeacher,
  setArchived,
  updateCohort,
} from "~/models/cohort-settings.server";
import { displayJoinCode, rotateJoinCode, setJoinCodeExpiry } from "~/models/cohorts.server";
import { courseChoices, courseTitleOf } from "~/models/teaching.server";
import { actorOf } from "~/utils/actor.server";
import { endOfDayInShanghai } from "~/utils/calendar-day";
import { firstError, idField, intentField, parseForm, readForm } from "~/utils/forms.server";
import { listParams } from "~/utils/list-params";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "教学班设置 · Cohort settings" }];

const PRIVATE = { "Cache-Control": "private, no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, cohort } = await requireStaffCohort(request, params.cohort);
  const locale = await getLocale(request, viewer);
  const lang = contentLang(locale);
  const { q } = listParams(request, "teacher");
  const db = getDb();
  const { joinCode, ...rest } = cohort;
  return json(
    {
      cohort: { ...rest, joinCode: displayJoinCode(joinCode), archived: cohort.archivedAt !== null },
      course: (await courseTitleOf(lang))(cohort.courseId),
      courses: await courseChoices(lang),
      teachers: cohortTeacherList(db, cohort.id),
      candidates: coTeacherCandidates(db, cohort, q),
      searched: q !== "",
    },
    { headers: PRIVATE },
  );
}

type Problem = { key: MessageKey; params?: Record<string, string | number> };
type ActionData =
  | { intent: "update"; ok: boolean; fieldErrors?: FieldErrors; values?: Record<string, string> }
  | { intent: string; ok: true; done: MessageKey }
  | { intent: string; ok: false; error: Problem };

const TEACHER_RESULT: Record<string, MessageKey> = {
  "not-eligible": "teachers.notEligible",
  already: "teachers.already",
  "not-teacher": "teachers.notEligible",
  "last-teacher": "teachers.lastTeacher",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, cohort } = await requireStaffCohort(request, params.cohort);
  const form = await readForm(request);
  const chosen = parseForm(
    form,
    z.object({
      intent: intentField([
        "update",
        "add-teacher",
        "remove-teacher",
        "rotate",
        "set-expiry",
        "clear-expiry",
        "archive",
        "unarchive",
      ]),
    }),
  );
  if (!chosen.ok)
    return json<ActionData>(
      { intent: "", ok: false, error: firstError(chosen) },
      { status: 400, headers: PRIVATE },
    );
  const { intent } = chosen.data;
  const db = getDb();
  const actor = actorOf(viewer, context);
  const done = (key: MessageKey) => json<ActionData>({ intent, ok: true, done: key }, { headers: PRIVATE });
  const refused = (error: Problem, status = 400) =>
    json<ActionData>({ intent, ok: false, error }, { status, headers: PRIVATE });

  if (intent === "update") {
    const lang = contentLang(await getLocale(request, viewer));
    const courses = await courseChoices(lang);
    const parsed = parseForm(
      form,
      cohortFormSchema(
        courses.map((c) => c.id),
        false,
      ).safeExtend({ intent: z.literal("update") }),
    );
    if (!parsed.ok)
      return json<ActionData>(
        { intent, ok: false, fieldErrors: parsed.fieldErrors, values: parsed.values },
        { status: 400, headers: PRIVATE },
      );
    const { intent: _intent, universityId: _fixed, ...edit } = parsed.data;
    updateCohort(db, actor, cohort.id, edit);
    return json<ActionData>({ intent, ok: true }, { headers: PRIVATE });
  }
  if (intent === "add-teacher" || intent === "remove-teacher") {
    const parsed = parseForm(form, z.object({ intent: z.string(), userId: idField }));
    if (!parsed.ok) return refused(firstError(parsed));
    const change = intent === "add-teacher" ? addCoTeacher : removeCoTeacher;
    const result = change(db, actor, cohort.id, parsed.data.userId);
    if (result !== "ok") return refused({ key: TEACHER_RESULT[result] ?? "field.invalid" }, 409);
    return done(intent === "add-teacher" ? "teachers.added" : "teachers.removed");
  }
  if (intent === "rotate") {
    rotateJoinCode(db, actor, cohort.id, cohort.joinCodeExpiresAt);
    return done("joinCode.rotated");
  }
  if (intent === "set-expiry" || intent === "clear-expiry") {
    let expiresAt: Date | null = null;
    if (intent === "set-expiry") {
      const parsed = parseForm(
        form,
        z.object({ intent: z.string(), expiresOn: z.iso.date("field.invalid") }),
      );
      if (!parsed.ok) return refused(firstError(parsed));
      expiresAt = endOfDayInShanghai(parsed.data.expiresOn);
    }
    setJoinCodeExpiry(db, actor, cohort.id, expiresAt);
    return done("joinCode.expirySaved");
  }
  const archiving = intent === "archive";
  setArchived(db, actor, cohort.id, archiving);
  return done(archiving ? "archive.done" : "archive.undone");
}

export default function CohortSettings() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { cohort } = data;
  const updateFailure = result?.intent === "update" && "fieldErrors" in result ? result : undefined;
  return (
    <div className="space-y-8">
      <CohortHeader cohort={cohort} course={data.course} title={t("teach.settings")} />
      {result && "done" in result ? <Notice tone="success">{t(result.done)}</Notice> : null}
      {result?.intent === "update" && result.ok ? (
        <Notice tone="success">{t("cohortForm.saved")}</Notice>
      ) : null}
      {result && "error" in result ? (
        <Notice tone="error">{t(result.error.key, result.error.params)}</Notice>
      ) : null}

      <CohortForm
        mode="update"
        courses={data.courses}
        values={
          updateFailure?.values ?? {
            courseId: cohort.courseId,
            name: cohort.name,
            term: cohort.term,
            startsOn: cohort.startsOn,
            endsOn: cohort.endsOn,
            capacity: cohort.capacity === null ? "" : String(cohort.capacity),
          }
        }
        errors={updateFailure?.fieldErrors}
      />

      <section aria-labelledby="code-title" className="space-y-3">
        <h2 id="code-title" className="text-xl font-semibold">
          {t("joinCode.title")}
        </h2>
        <p className="font-mono text-2xl tracking-widest" data-testid="join-code">
          {cohort.joinCode}
        </p>
        <p className="text-slate-700">
          {cohort.joinCodeExpiresAt
            ? t("joinCode.expiresAt", { date: formatDateTime(locale, new Date(cohort.joinCodeExpiresAt)) })
            : t("joinCode.noExpiry")}
        </p>
        <ConfirmForm method="post" confirmText={t("joinCode.confirmRotate")}>
          <PendingButton
            name="intent"
            value="rotate"
            className="btn-secondary"
            pendingLabel={t("common.working")}
          >
            {t("joinCode.rotate")}
          </PendingButton>
        </ConfirmForm>
        <Form method="post" className="flex flex-wrap items-end gap-2">
          <div>
            <Field label={t("joinCode.expiry")} name="expiresOn" type="date" required />
          </div>
          <PendingButton
            name="intent"
            value="set-expiry"
            className="btn-secondary"
            pendingLabel={t("common.working")}
          >
            {t("joinCode.setExpiry")}
          </PendingButton>
        </Form>
        {cohort.joinCodeExpiresAt ? (
          <Form method="post">
            <PendingButton
              name="intent"
              value="clear-expiry"
              className="btn-secondary"
              pendingLabel={t("common.working")}
            >
              {t("joinCode.clearExpiry")}
            </PendingButton>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="teachers-title" className="space-y-3">
        <h2 id="teachers-title" className="text-xl font-semibold">
          {t("teachers.title")}
        </h2>
        <ul className="space-y-2">
          {data.teachers.map((teacher) => (
            <li key={teacher.id} className="flex flex-wrap items-center gap-3">
              <span>
                {teacher.name} <span className="text-sm text-slate-600">{teacher.email}</span>
              </span>
              <ConfirmForm method="post" confirmText={t("teachers.confirmRemove", { name: teacher.name })}>
                <input type="hidden" name="userId" value={teacher.id} />
                <PendingButton
                  name="intent"
                  value="remove-teacher"
                  className="btn-secondary px-3 py-1"
                  aria-label={t("teachers.removeFor", { name: teacher.name })}
                  pendingLabel={t("common.working")}
                >
                  {t("teachers.remove")}
                </PendingButton>
              </ConfirmForm>
            </li>
          ))}
        </ul>
        <SearchForm
          name="teacher"
          label={t("teachers.search")}
          placeholder={t("teachers.searchPlaceholder")}
        />
        {data.searched && data.candidates.length === 0 ? <p>{t("teachers.noMatch")}</p> : null}
        <ul className="space-y-2">
          {data.candidates.map((teacher) => (
            <li key={teacher.id} className="flex flex-wrap items-center gap-3">
              <span>
                {teacher.name} <span className="text-sm text-slate-600">{teacher.email}</span>
              </span>
              <Form method="post">
                <input type="hidden" name="userId" value={teacher.id} />
                <PendingButton
                  name="intent"
                  value="add-teacher"
                  className="btn-secondary px-3 py-1"
                  aria-label={t("teachers.addFor", { name: teacher.name })}
                  pendingLabel={t("common.working")}
                >
                  {t("teachers.add")}
                </PendingButton>
              </Form>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="archive-title" className="space-y-3">
        <h2 id="archive-title" className="text-xl font-semibold">
          {t("archive.title")}
        </h2>
        <p className="text-slate-700">{t("archive.lead")}</p>
        <ConfirmForm
          method="post"
          confirmText={cohort.archived ? t("archive.confirmUnarchive") : t("archive.confirm")}
        >
          <PendingButton
            name="intent"
            value={cohort.archived ? "unarchive" : "archive"}
            className="btn-secondary"
            pendingLabel={t("common.working")}
          >
            {cohort.archived ? t("archive.unarchive") : t("archive.archive")}
          </PendingButton>
        </ConfirmForm>
      </section>
    </div>
  );
}
