import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { type FormEvent, useState } from "react";
import { requirePermission } from "~/auth/permissions.server";
import { HoursMinutes } from "~/components/compute-minutes";
import { DataTable } from "~/components/data-table";
import { Field, Notice, PendingButton } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { formatDateTime } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { balancesFor, handleFor, historyFor, settleExpiryFor } from "~/models/compute-page.server";
import { type RedeemAnswer, redeemFor } from "~/models/redeem.server";
import { contextOf } from "~/utils/context";
import { readForm } from "~/utils/forms.server";
import { listParams } from "~/utils/list-params";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "我的算力 · My compute" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "compute:use");
  const { page } = listParams(request);
  const db = getDb();
  const now = Date.now();
  settleExpiryFor(db, viewer.id, now);
  return json(
    {
      handle: handleFor(db, viewer.id),
      balances: balancesFor(db, viewer.id, now),
      history: historyFor(db, viewer.id, page),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "compute:use");
  const { status, answer } = redeemFor(getDb(), viewer, await readForm(request), contextOf(context).clientIp);
  return json<RedeemAnswer>(answer, { status });
}

export default function ComputePage() {
  const t = useT();
  const locale = useLocale();
  const { handle, balances, history } = useLoaderData<typeof loader>();
  const fromAction = useActionData<RedeemAnswer>();
  const nameOf = (p: { nameZh: string; nameEn: string }) => (locale === "en" ? p.nameEn : p.nameZh);
  return (
    <div className="space-y-8">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{t("compute.title")}</h1>
        <p className="max-w-prose text-slate-700">{t("compute.lead")}</p>
      </header>

      <section aria-labelledby="balances" className="space-y-3">
        <h2 id="balances" className="text-lg font-semibold">
          {t("compute.balances")}
        </h2>
        {balances.length === 0 ? (
          <p>{t("compute.noBalance")}</p>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2">
            {balances.map((b) => (
              <li key={b.slug} className="card space-y-1" data-pool={b.slug}>
                <h3 className="font-semibold">{nameOf(b)}</h3>
                <p className="text-sm text-slate-600">{locale === "en" ? b.hardwareEn : b.hardwareZh}</p>
                <p className="text-2xl font-bold" data-balance-minutes={b.balance}>
                  <HoursMinutes minutes={b.balance} />
                </p>
                {b.held > 0 ? <p className="text-sm">{t("compute.held", { minutes: b.held })}</p> : null}
                {b.expiringSoon > 0 ? (
                  <p className="text-sm font-medium text-amber-800">
                    {t("compute.expiringSoon", { minutes: b.expiringSoon })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="handle" className="card space-y-2">
        <h2 id="handle" className="text-lg font-semibold">
          {t("compute.handle")}
        </h2>
        <p className="font-mono text-lg" data-account-handle={handle}>
          {handle}
        </p>
        <p className="text-sm text-slate-600">{t("compute.handleHint")}</p>
      </section>

      <section aria-labelledby="redeem" className="card space-y-4">
        <h2 id="redeem" className="text-lg font-semibold">
          {t("compute.redeem")}
        </h2>
        <RedeemForm fromAction={fromAction} />
      </section>

      <section aria-labelledby="history" className="space-y-4">
        <h2 id="history" className="text-lg font-semibold">
          {t("compute.history")}
        </h2>
        <DataTable
          labelledBy="history"
          headers={[t("compute.when"), t("batches.pool"), t("compute.what"), t("compute.change")]}
          empty={history.rows.length === 0}
        >
          {history.rows.map((e) => (
            <tr key={e.id} data-ledger-kind={e.kind}>
              <td>{formatDateTime(locale, new Date(e.createdAt))}</td>
              <td>{nameOf(e)}</td>
              <td>
                {t(`compute.kind.${e.kind}`)}
                {e.note ? <span className="block text-sm text-slate-600">{e.note}</span> : null}
              </td>
              <td className="tabular-nums">
                {e.minutes > 0 ? `+${e.minutes.toLocaleString(locale)}` : e.minutes.toLocaleString(locale)}
              </td>
            </tr>
          ))}
        </DataTable>
        <Pagination page={history.page} pages={history.pages} total={history.total} />
      </section>
    </div>
  );
}

/**
 * The redeem form. With its script it posts to /compute/redeem (answered
 * before Remix: a class redeems at once when a lab session starts) and then
 * reloads the balances; without it, or when that answer is not one it knows
 * (the session ended, the server is busy), the form posts to the page itself.
 */
function RedeemForm({ fromAction }: { fromAction: RedeemAnswer | undefined }) {
  const t = useT();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const [sent, setSent] = useState<{ answer: RedeemAnswer; count: number } | null>(null);
  const [sending, setSending] = useState(false);
  const result = sent?.answer ?? fromAction;
  const nameOf = (p: { nameZh: string; nameEn: string }) => (locale === "en" ? p.nameEn : p.nameZh);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending) return;
    const form = event.currentTarget;
    const fields = new URLSearchParams();
    for (const [name, value] of new FormData(form)) fields.append(name, String(value));
    setSending(true);
    try {
      const res = await fetch("/compute/redeem", {
        method: "POST",
        body: fields,
        headers: { Accept: "application/json" },
      });
      const answer: RedeemAnswer | null = (res.headers.get("Content-Type") ?? "").includes("application/json")
        ? await res.json()
        : null;
      if (!answer?.redeemed && !answer?.fieldErrors) {
        form.submit();
        return;
      }
      setSent((before) => ({ answer, count: (before?.count ?? 0) + 1 }));
      if (answer.redeemed) revalidator.revalidate();
    } catch {
      form.submit();
    } finally {
      setSending(false);
    }
  }

  return (
    <>
      {result?.redeemed ? (
        <Notice tone="success">
          {t("compute.redeemed", {
            minutes: result.redeemed.minutes,
            pool: nameOf(result.redeemed),
            date: formatDateTime(locale, new Date(result.redeemed.expiresAt), "date"),
          })}
        </Notice>
      ) : null}
      {/* A new key per answer: the field starts empty after a credit and keeps the code after an error. */}
      <Form
        method="post"
        onSubmit={onSubmit}
        className="flex flex-wrap items-end gap-3"
        key={sent ? `sent-${sent.count}` : result?.redeemed ? "done" : "form"}
      >
        <div className="min-w-0 flex-1">
          <Field
            label={t("compute.code")}
            name="code"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            required
            maxLength={100}
            className="input font-mono"
            defaultValue={result?.values?.code}
            hint={t("compute.codeHint")}
            errors={result?.fieldErrors}
          />
        </div>
        <PendingButton pendingLabel={t("compute.redeeming")} sending={sending}>
          {t("compute.redeemButton")}
        </PendingButton>
      </Form>
    </>
  );
}
