import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { hashPassword } from "~/auth/password.server";
import { Field, type FieldErrors, Notice, PendingButton } from "~/components/forms";
import { NewPasswordField } from "~/components/new-password-field";
import { useT } from "~/i18n/use-t";
import { consumeResetToken, findResetTarget } from "~/models/password-reset.server";
import { parseForm, passwordField, readForm } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [
  { title: "Reset password · 重设密码" },
  { name: "referrer", content: "no-referrer" },
];

export function loader({ params }: LoaderFunctionArgs) {
  const target = findResetTarget(getDb(), params.token ?? "");
  return json(
    { email: target?.email ?? null },
    { status: target ? 200 : 404, headers: { "Cache-Control": "no-store" } },
  );
}

// Built on demand: this module also runs in the browser, where the field helpers do not exist.
function schema() {
  return z
    .object({ password: passwordField, confirm: z.string().min(1, "field.required") })
    .refine((v) => v.password === v.confirm, { message: "field.passwordMismatch", path: ["confirm"] });
}

type ActionData = { invalid: boolean; fieldErrors?: FieldErrors };

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const db = getDb();
  if (!findResetTarget(db, token)) return json<ActionData>({ invalid: true }, { status: 404 });
  const parsed = parseForm(await readForm(request), schema());
  if (!parsed.ok)
    return json<ActionData>({ invalid: false, fieldErrors: parsed.fieldErrors }, { status: 400 });
  const used = consumeResetToken(db, token, await hashPassword(parsed.data.password));
  if (!used) return json<ActionData>({ invalid: true }, { status: 404 });
  return redirect("/login?reset=1");
}

export default function ResetPassword() {
  const t = useT();
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  if (!email || result?.invalid) {
    return (
      <section className="card mx-auto max-w-md">
        <h1 className="text-2xl font-bold">{t("reset.title")}</h1>
        <div className="mt-4">
          <Notice tone="error">{t("reset.invalid")}</Notice>
        </div>
        <p className="mt-4">
          <Link to="/login" className="link">
            {t("nav.login")}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card mx-auto max-w-md" aria-labelledby="reset-title">
      <h1 id="reset-title" className="text-2xl font-bold">
        {t("reset.title")}
      </h1>
      <p className="mt-2 text-slate-700">{t("reset.for", { email })}</p>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <NewPasswordField label={t("reset.password")} name="password" errors={result?.fieldErrors} />
        <Field
          label={t("reset.confirm")}
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          errors={result?.fieldErrors}
        />
        <PendingButton className="btn-primary w-full" pendingLabel={t("common.saving")}>
          {t("reset.submit")}
        </PendingButton>
      </Form>
    </section>
  );
}
