import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { hashPassword } from "~/auth/password.server";
import { requireUser } from "~/auth/permissions.server";
import { createSession, getViewer } from "~/auth/session.server";
import { Field, type FieldErrors, Notice, PendingButton } from "~/components/forms";
import { NewPasswordField } from "~/components/new-password-field";
import { getLocale } from "~/i18n/locale.server";
import { formatDateTime } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { makeT } from "~/i18n/t";
import { useT } from "~/i18n/use-t";
import { settleAfterJoin } from "~/models/completion.server";
import { getCourseRulesById } from "~/models/course-rules.server";
import { joinCohort } from "~/models/enrolment.server";
import { isGuessLike, joinThrottledUntil, recordJoinFailure, signUpAndJoin } from "~/models/join.server";
import { courseHome, joinPageView, signUpSchema } from "~/models/join-page.server";
import { contextOf } from "~/utils/context";
import { parseForm, readForm } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [
  { title: "Join a cohort · 加入教学班" },
  // The code is a class's secret: never leak it to other sites.
  { name: "referrer", content: "no-referrer" },
];

// The page names a cohort only to whoever holds its code: never stored by a cache.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

const REFUSAL: Record<string, MessageKey> = {
  unknown: "join.error.unknown",
  rotated: "join.error.rotated",
  expired: "join.error.expired",
  ended: "join.error.ended",
  full: "join.error.full",
  dropped: "join.error.dropped",
  "email-taken": "join.error.emailTaken",
  "student-number-taken": "join.error.studentNumberTaken",
};
const STATUS: Record<string, number> = {
  unknown: 404,
  rotated: 410,
  expired: 410,
  ended: 410,
  full: 409,
  dropped: 403,
};

/** Public: anyone may open a join link. Guesses count towards the throttle, so codes cannot be enumerated here either. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const db = getDb();
  const viewer = await getViewer(request);
  const locale = await getLocale(request, viewer);
  const { clientIp } = contextOf(context);
  const noStore = { "Cache-Control": "private, no-store" };
  const retryAt = joinThrottledUntil(db, clientIp, viewer?.id ?? null);
  if (retryAt) {
    const message = makeT(locale)("join.throttled", { time: formatDateTime(locale, retryAt) });
    return json(
      { status: "throttled" as const, message, code: null, view: null, email: null },
      { status: 429, headers: noStore },
    );
  }
  const page = await joinPageView(db, params.code ?? "", locale);
  if (page.status !== "open" && isGuessLike(page.status)) recordJoinFailure(db, clientIp, viewer?.id ?? null);
  const message = page.status === "open" ? null : makeT(locale)(REFUSAL[page.status] ?? "join.error.unknown");
  return json(
    {
      status: page.status,
      message,
      code: page.code,
      view: page.status === "open" ? page.view : null,
      email: viewer?.email ?? null,
    },
    { status: page.status === "open" ? 200 : (STATUS[page.status] ?? 404), headers: noStore },
  );
}

type ActionData = { formError?: string; fieldErrors?: FieldErrors; values?: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = getDb();
  const code = params.code ?? "";
  const { clientIp } = contextOf(context);
  const form = await readForm(request);
  const intent = form.getAll("intent");
  const viewer = await getViewer(request);
  const locale = await getLocale(request, viewer);
  const t = makeT(locale);
  const refuse = (reason: string, status: number, values?: Record<string, string>) =>
    json<ActionData>({ formError: t(REFUSAL[reason] ?? "join.error.unknown"), values }, { status });
  const retryAt = joinThrottledUntil(db, clientIp, viewer?.id ?? null);
  if (retryAt) {
    return json<ActionData>(
      { formError: t("join.throttled", { time: formatDateTime(locale, retryAt) }) },
      { status: 429 },
    );
  }

  if (intent.length === 1 && intent[0] === "join") {
    const member = await requireUser(request);
    const result = joinCohort(db, member.id, code);
    if (!result.ok) {
      if (isGuessLike(result.reason)) recordJoinFailure(db, clientIp, member.id);
      return refuse(result.reason, STATUS[result.reason] ?? 400);
    }
    const rules = await getCourseRulesById(result.cohort.courseId);
    if (rules) settleAfterJoin(db, member.id, rules, result.enrolment.id);
    return redirect(await courseHome(result.cohort.courseId));
  }

  if (intent.length === 1 && intent[0] === "signup") {
    const parsed = parseForm(form, signUpSchema());
    if (!parsed.ok)
      return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
    const { password, ...rest } = parsed.data;
    const result = signUpAndJoin(db, { ...rest, passwordHash: await hashPassword(password), locale }, code);
    const { password: _omit, ...values } = parsed.values;
    if (!result.ok) {
      if (isGuessLike(result.reason)) recordJoinFailure(db, clientIp, null);
      return refuse(
        result.reason,
        result.reason.endsWith("-taken") ? 409 : (STATUS[result.reason] ?? 400),
        values,
      );
    }
    const headers = new Headers({ "Set-Cookie": await createSession(request, result.user.id) });
    return redirect(await courseHome(result.join.cohort.courseId), { headers });
  }
  return json<ActionData>({ formError: t("field.invalid") }, { status: 400 });
}

export default function JoinWithCode() {
  const t = useT();
  const page = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const signInHref = `/login?redirectTo=${encodeURIComponent(`/join/${page.code ?? ""}`)}`;
  return (
    <section className="card mx-auto max-w-lg" aria-labelledby="join-title">
      <h1 id="join-title" className="text-2xl font-bold">
        {t("join.title")}
      </h1>
      {page.view ? (
        <div className="mt-3 space-y-1 text-slate-700">
          <p className="font-semibold">{t("join.course", { course: page.view.course })}</p>
          <p>
            {t("join.cohortLine", {
              cohort: page.view.cohort,
              university: page.view.university,
              term: page.view.term,
            })}
          </p>
          <p>
            {t("join.code")}: <code>{page.code}</code>
          </p>
        </div>
      ) : (
        <div className="mt-4 space-y-4">
          <Notice tone="error">{page.message}</Notice>
          <p>
            <Link to="/join" className="link">
              {t("learning.enterCode")}
            </Link>
          </p>
        </div>
      )}
      {page.view && data?.formError ? (
        <div className="mt-4">
          <Notice tone="error">{data.formError}</Notice>
        </div>
      ) : null}
      {page.view && page.email ? (
        <Form method="post" className="mt-6 space-y-3">
          <p className="text-sm text-slate-600">{t("join.signedInAs", { email: page.email })}</p>
          <PendingButton
            name="intent"
            value="join"
            className="btn-primary w-full"
            pendingLabel={t("join.submitting")}
          >
            {t("join.submit")}
          </PendingButton>
        </Form>
      ) : null}
      {page.view && !page.email ? (
        <>
          <p className="mt-6 text-sm text-slate-700">
            {t("join.haveAccount")}{" "}
            <Link to={signInHref} className="link">
              {t("join.signIn")}
            </Link>
          </p>
          <h2 className="mt-6 text-lg font-semibold">{t("join.signUpTitle")}</h2>
          <Form method="post" className="mt-4 space-y-4" noValidate>
            <Field
              label={t("join.name")}
              name="name"
              autoComplete="name"
              required
              maxLength={100}
              defaultValue={data?.values?.name}
              errors={data?.fieldErrors}
            />
            <Field
              label={t("login.email")}
              name="email"
              type="email"
              autoComplete="email"
              required
              defaultValue={data?.values?.email}
              errors={data?.fieldErrors}
            />
            <Field
              label={t("join.studentNumber")}
              name="studentNumber"
              required
              maxLength={40}
              autoComplete="off"
              defaultValue={data?.values?.studentNumber}
              errors={data?.fieldErrors}
            />
            <NewPasswordField label={t("join.password")} name="password" errors={data?.fieldErrors} />
            <PendingButton
              name="intent"
              value="signup"
              className="btn-primary w-full"
              pendingLabel={t("join.signingUp")}
            >
              {t("join.signUpSubmit")}
            </PendingButton>
          </Form>
        </>
      ) : null}
    </section>
  );
}
