import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { landingPath } from "~/auth/landing";
import { LoginError, signIn } from "~/auth/login.server";
import { safeRedirect } from "~/auth/redirect";
import { createSession, destroySession, getViewer } from "~/auth/session.server";
import { Field, type FieldErrors, Notice, PendingButton } from "~/components/forms";
import { getLocale, localeCookie } from "~/i18n/locale.server";
import { formatDateTime } from "~/i18n/locale";
import { makeT } from "~/i18n/t";
import { useT } from "~/i18n/use-t";
import { contextOf } from "~/utils/context";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in · 登录" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) {
    const target = new URL(request.url).searchParams.get("redirectTo");
    throw redirect(safeRedirect(target, landingPath(viewer.role)));
  }
  return null;
}

type ActionData = { fieldErrors?: FieldErrors; formError?: string; email?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { clientIp } = contextOf(context);
  const form = await readForm(request.clone());
  try {
    const user = await signIn(request, clientIp);
    // A fresh session id at every sign-in; any session the browser had ends here.
    const cleared = await destroySession(request);
    const headers = new Headers();
    headers.append("Set-Cookie", cleared);
    headers.append("Set-Cookie", await createSession(request, user.id));
    // The account's language also becomes this browser's, so it stays after signing out.
    headers.append("Set-Cookie", await localeCookie.serialize(user.locale));
    return redirect(safeRedirect(form.get("redirectTo"), landingPath(user.role)), { headers });
  } catch (error) {
    if (!(error instanceof LoginError)) throw error;
    const locale = await getLocale(request);
    const t = makeT(locale);
    if (error.reason === "validation") {
      return json<ActionData>(
        { fieldErrors: error.detail.fieldErrors as FieldErrors, email: error.detail.email },
        { status: 400 },
      );
    }
    if (error.reason === "throttled" && error.detail.throttle) {
      const { kind, retryAt } = error.detail.throttle;
      const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000));
      const formError =
        kind === "slowed"
          ? t("login.slowDown", { seconds })
          : t("login.throttled", {
              time: formatDateTime(locale, retryAt),
              minutes: Math.ceil(seconds / 60),
            });
      return json<ActionData>(
        { formError, email: error.detail.email },
        { status: 429, headers: { "Retry-After": String(seconds) } },
      );
    }
    return json<ActionData>({ formError: t("login.failed"), email: error.detail.email }, { status: 401 });
  }
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [passwordLength, setPasswordLength] = useState(0);
  return (
    <section className="card mx-auto max-w-md" aria-labelledby="login-title">
      <h1 id="login-title" className="text-2xl font-bold">
        {t("login.title")}
      </h1>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        {params.get("reset") === "1" && !data ? <Notice tone="success">{t("reset.done")}</Notice> : null}
        {data?.formError ? <Notice tone="error">{data.formError}</Notice> : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          label={t("login.email")}
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={data?.email}
          errors={data?.fieldErrors}
        />
        <Field
          label={t("login.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={1024}
          errors={data?.fieldErrors}
          onChange={(event) => setPasswordLength(event.currentTarget.value.length)}
        >
          <p className="mt-1 text-xs text-slate-500" aria-live="polite">
            {passwordLength > 0 ? t("password.count", { count: passwordLength }) : null}
          </p>
        </Field>
        <PendingButton className="btn-primary w-full" pendingLabel={t("login.submitting")}>
          {t("login.submit")}
        </PendingButton>
      </Form>
      <p className="mt-6 text-sm text-slate-600">{t("login.noAccount")}</p>
      <p className="mt-2 text-sm text-slate-600">{t("login.askTeacher")}</p>
    </section>
  );
}
