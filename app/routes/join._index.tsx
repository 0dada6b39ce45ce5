import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { Field, PendingButton } from "~/components/forms";
import { useT } from "~/i18n/use-t";

export const meta: MetaFunction = () => [{ title: "Join a cohort · 加入教学班" }];

/** The form below submits by GET: looking a code up changes nothing, and /join/:code does the rest. */
export function loader({ request }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get("code")?.trim().slice(0, 64);
  if (code) throw redirect(`/join/${encodeURIComponent(code)}`);
  return null;
}

export default function JoinForm() {
  const t = useT();
  return (
    <section className="card mx-auto max-w-md" aria-labelledby="join-title">
      <h1 id="join-title" className="text-2xl font-bold">
        {t("join.title")}
      </h1>
      <p className="mt-2 text-slate-700">{t("join.intro")}</p>
      <Form method="get" className="mt-6 space-y-4">
        <Field
          label={t("join.code")}
          name="code"
          hint={t("join.codeHint")}
          required
          maxLength={20}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
        />
        <PendingButton className="btn-primary w-full" pendingLabel={t("join.continue")}>
          {t("join.continue")}
        </PendingButton>
      </Form>
    </section>
  );
}
