import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { HoursMinutes } from "~/components/compute-minutes";
import { DataTable } from "~/components/data-table";
import { Field, type FieldErrors, Notice, PendingButton, useFreshFormKey } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { formatDateTime } from "~/i18n/locale";
import { getLocale } from "~/i18n/locale.server";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import { redeemSchema } from "~/models/compute-forms.server";
import { balancesFor, handleFor, historyFor, settleExpiryFor } from "~/models/compute-page.server";
import { recordRedeemFailure, redeemLockedUntil } from "~/models/redeem-throttle.server";
import { redeemCode } from "~/models/vouchers.server";
import { contextOf } from "~/utils/context";
import { parseForm, readForm } from "~/utils/forms.server";
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

type ActionData = {
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  redeemed?: { minutes: number; nameZh: string; nameEn: string; expiresAt: string };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "compute:use");
  const form = await readForm(request);
  const parsed = parseForm(form, redeemSchema());
  if (!parsed.ok)
    return json<ActionData>({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
  const db = getDb();
  const { clientIp } = contextOf(context);
  const values = { code: parsed.data.code };
  const lockedUntil = redeemLockedUntil(db, viewer.id, clientIp);
  if (lockedUntil) {
    const time = formatDateTime(await getLocale(request, viewer), lockedUntil);
    return json<ActionData>(
      { fieldErrors: { code: { key: "compute.error.throttled", params: { time } } }, values },
      { status: 429 },
    );
  }
  const result = redeemCode(db, viewer.id, parsed.data.code);
  if (!result.ok) {
    // Redeeming your own code twice is not a guess; everything else counts against the limit.
    if (result.reason !== "used_by_you") recordRedeemFailure(db, viewer.id, clientIp);
    const key = `compute.error.${result.reason}` as MessageKey;
    return json<ActionData>(
      { fieldErrors: { code: { key } }, values },
      { status: result.reason === "unknown" ? 404 : 400 },
    );
  }
  return json<ActionData>({
    redeemed: {
      minutes: result.minutes,
      nameZh: result.pool.nameZh,
      nameEn: result.pool.nameEn,
      expiresAt: result.expiresAt.toISOString(),
    },
  });
}

export default function ComputePage() {
  const t = useT();
  const locale = useLocale();
  const { handle, balances, history } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const formKey = useFreshFormKey(result, Boolean(result?.redeemed));
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
        {result?.redeemed ? (
          <Notice tone="success">
            {t("compute.redeemed", {
              minutes: result.redeemed.minutes,
              pool: nameOf(result.redeemed),
              date: formatDateTime(locale, new Date(result.redeemed.expiresAt), "date"),
            })}
          </Notice>
        ) : null}
        <Form method="post" className="flex flex-wrap items-end gap-3" key={formKey}>
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
          <PendingButton pendingLabel={t("compute.redeeming")}>{t("compute.redeemButton")}</PendingButton>
        </Form>
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
