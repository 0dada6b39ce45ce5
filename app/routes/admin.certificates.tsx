import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/permissions.server";
import { ConfirmForm } from "~/components/confirm-form";
import { Field, type FieldErrors, Notice, PendingButton } from "~/components/forms";
import { useT } from "~/i18n/use-t";
import { certificateJson } from "~/models/certificate-page.server";
import { revokeCertificate } from "~/models/certificates.server";
import { actorOf } from "~/utils/actor.server";
import { parseForm, readForm, textField } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "Certificates · 证书" }];

// Certificates are people's records: the same admins who manage accounts manage them.
const PERMISSION = "admin:users" as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, PERMISSION);
  const id = (new URL(request.url).searchParams.get("id") ?? "").trim().toLowerCase().slice(0, 64);
  const certificate = id ? ((await certificateJson(getDb(), id)) ?? null) : null;
  return json({ id, certificate });
}

type ActionData = {
  done?: boolean;
  already?: boolean;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, PERMISSION);
  const parsed = parseForm(
    await readForm(request),
    z.object({ id: z.string().regex(/^[0-9a-f]{32}$/), reason: textField(500) }),
  );
  if (!parsed.ok)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const result = revokeCertificate(getDb(), actorOf(viewer, context), parsed.data.id, parsed.data.reason);
  if (result.ok) return json<ActionData>({ done: true });
  if (result.reason === "already-revoked") return json<ActionData>({ already: true }, { status: 409 });
  if (result.reason === "not-found") throw new Response(null, { status: 404 });
  return json<ActionData>({ fieldErrors: { reason: { key: "field.required" } } }, { status: 400 });
}

export default function AdminCertificates() {
  const t = useT();
  const { id, certificate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="card space-y-4" aria-labelledby="certificates-title">
      <h2 id="certificates-title" className="text-lg font-semibold">
        {t("admin.certificates")}
      </h2>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <Field
          label={t("revoke.lookup")}
          name="id"
          defaultValue={id}
          maxLength={64}
          className="input font-mono"
        />
        <PendingButton className="btn-secondary" pendingLabel={t("revoke.find")}>
          {t("revoke.find")}
        </PendingButton>
      </Form>
      {id && !certificate ? <Notice tone="error">{t("revoke.notFound")}</Notice> : null}
      {result?.done ? <Notice tone="success">{t("revoke.done")}</Notice> : null}
      {result?.already ? <Notice tone="error">{t("revoke.already")}</Notice> : null}
      {certificate ? (
        <div className="space-y-3">
          <p>
            <Link to={`/certificates/${certificate.id}`} className="link">
              {certificate.student} · {certificate.course.zh} · {certificate.cohort.name}
            </Link>{" "}
            · {certificate.status === "valid" ? t("certificate.valid") : t("certificate.revoked")}
          </p>
          {certificate.status === "valid" ? (
            <ConfirmForm method="post" confirmText={t("revoke.confirm")} className="space-y-3">
              <input type="hidden" name="id" value={certificate.id} />
              <Field
                label={t("revoke.reason")}
                name="reason"
                required
                maxLength={500}
                defaultValue={result?.values?.reason}
                errors={result?.fieldErrors}
              />
              <PendingButton className="btn-danger" pendingLabel={t("revoke.submitting")}>
                {t("revoke.submit")}
              </PendingButton>
            </ConfirmForm>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
