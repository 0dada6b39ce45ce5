import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { checkPassword } from "~/auth/login.server";
import { hashPassword } from "~/auth/password.server";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/auth/password-policy";
import { requireUser } from "~/auth/permissions.server";
import { Field, type FieldErrors, Notice, PendingButton, SelectField } from "~/components/forms";
import { NewPasswordField } from "~/components/new-password-field";
import { SUPPORTED_LOCALES, contentLang } from "~/i18n/locale";
import { localeCookie } from "~/i18n/locale.server";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import { getUniversity } from "~/models/universities.server";
import { replacePassword, updateProfile } from "~/models/users.server";
import {
  fieldFailure,
  firstError,
  intentField,
  parseForm,
  passwordField,
  readForm,
  textField,
} from "~/utils/forms.server";
import { contextOf } from "~/utils/context";
import { NAME_MAX } from "~/utils/limits";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const university = viewer.universityId ? getUniversity(db, viewer.universityId) : undefined;
  return json({
    email: viewer.email,
    name: viewer.name,
    role: viewer.role,
    locale: viewer.locale,
    university: university ? { zh: university.nameZh, en: university.nameEn } : null,
  });
}

// Built on demand: this module also runs in the browser, where the field helpers do not exist.
function schemas() {
  return {
    intent: z.object({ intent: intentField(["profile", "password"]) }),
    profile: z.object({
      intent: z.literal("profile"),
      name: textField(NAME_MAX),
      locale: z.enum(SUPPORTED_LOCALES, { message: "field.invalid" }),
    }),
    password: z
      .object({
        intent: z.literal("password"),
        currentPassword: z.string().min(1, "field.required").max(1024, "field.tooLong"),
        newPassword: passwordField,
        confirmPassword: z.string().min(1, "field.required"),
      })
      .refine((v) => v.newPassword === v.confirmPassword, {
        message: "field.passwordMismatch",
        path: ["confirmPassword"],
      }),
  };
}

type ActionData = {
  intent: string;
  fieldErrors?: FieldErrors;
  done?: MessageKey;
  error?: { key: MessageKey; params?: Record<string, string | number> };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const form = await readForm(request);
  const schema = schemas();
  const chosen = parseForm(form, schema.intent);
  if (!chosen.ok) return json<ActionData>({ intent: "", error: firstError(chosen) }, { status: 400 });
  const { intent } = chosen.data;
  if (intent === "profile") {
    const parsed = parseForm(form, schema.profile);
    if (!parsed.ok) return json<ActionData>({ intent, fieldErrors: parsed.fieldErrors }, { status: 400 });
    updateProfile(db, viewer.id, { name: parsed.data.name, locale: parsed.data.locale });
    return json<ActionData>(
      { intent, done: "account.profileSaved" },
      { headers: { "Set-Cookie": await localeCookie.serialize(parsed.data.locale) } },
    );
  }
  if (intent === "password") {
    const parsed = parseForm(form, schema.password);
    if (!parsed.ok) return json<ActionData>({ intent, fieldErrors: parsed.fieldErrors }, { status: 400 });
    // Counted like sign-in: a stolen session must not become a password oracle.
    const check = await checkPassword(
      db,
      viewer.email,
      parsed.data.currentPassword,
      contextOf(context).clientIp,
    );
    if (check.throttle) {
      const seconds = Math.max(1, Math.ceil((check.throttle.retryAt.getTime() - Date.now()) / 1000));
      const failure =
        check.throttle.kind === "slowed"
          ? fieldFailure("currentPassword", "login.slowDown", {}, { seconds })
          : fieldFailure("currentPassword", "account.throttled", {}, { minutes: Math.ceil(seconds / 60) });
      return json<ActionData>(
        { intent, fieldErrors: failure.fieldErrors },
        { status: 429, headers: { "Retry-After": String(seconds) } },
      );
    }
    if (!check.ok) {
      const failure = fieldFailure("currentPassword", "account.wrongPassword", {});
      return json<ActionData>({ intent, fieldErrors: failure.fieldErrors }, { status: 400 });
    }
    replacePassword(db, viewer.id, await hashPassword(parsed.data.newPassword), viewer.sessionIdHash);
    return json<ActionData>({ intent, done: "account.passwordChanged" });
  }
  return json<ActionData>({ intent, error: { key: "field.invalid" } }, { status: 400 });
}

export default function Account() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const profile = result?.intent === "profile" ? result : undefined;
  const password = result?.intent === "password" ? result : undefined;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">{t("account.title")}</h1>
      {result?.error ? <Notice tone="error">{t(result.error.key, result.error.params)}</Notice> : null}
      <section className="card space-y-4" aria-labelledby="profile-title">
        <h2 id="profile-title" className="text-lg font-semibold">
          {t("account.profile")}
        </h2>
        <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
          <dt className="font-medium text-slate-600">{t("account.email")}</dt>
          <dd className="sm:col-span-2">{data.email}</dd>
          <dt className="font-medium text-slate-600">{t("account.role")}</dt>
          <dd className="sm:col-span-2">{t(`role.${data.role}`)}</dd>
          {data.university ? (
            <>
              <dt className="font-medium text-slate-600">{t("account.university")}</dt>
              <dd className="sm:col-span-2">{data.university[contentLang(data.locale)]}</dd>
            </>
          ) : null}
        </dl>
        <Form method="post" className="space-y-4" noValidate>
          {profile?.done ? <Notice tone="success">{t(profile.done)}</Notice> : null}
          <Field
            label={t("account.name")}
            name="name"
            defaultValue={data.name}
            required
            maxLength={NAME_MAX}
            autoComplete="name"
            errors={profile?.fieldErrors}
          />
          <SelectField
            label={t("account.language")}
            name="locale"
            defaultValue={data.locale}
            errors={profile?.fieldErrors}
          >
            {SUPPORTED_LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {t(`lang.${locale}`)}
              </option>
            ))}
          </SelectField>
          <PendingButton name="intent" value="profile" pendingLabel={t("common.saving")}>
            {t("common.save")}
          </PendingButton>
        </Form>
      </section>
      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title" className="text-lg font-semibold">
          {t("account.changePassword")}
        </h2>
        <Form method="post" className="mt-4 space-y-4" noValidate>
          {password?.done ? <Notice tone="success">{t(password.done)}</Notice> : null}
          <Field
            label={t("account.currentPassword")}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            errors={password?.fieldErrors}
          />
          <NewPasswordField
            label={t("account.newPassword")}
            name="newPassword"
            errors={password?.fieldErrors}
          />
          <Field
            label={t("account.confirmPassword")}
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN}
            maxLength={PASSWORD_MAX}
            errors={password?.fieldErrors}
          />
          <PendingButton name="intent" value="password" pendingLabel={t("common.saving")}>
            {t("account.changePassword")}
          </PendingButton>
        </Form>
      </section>
    </div>
  );
}
