import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requirePermission } from "~/auth/permissions.server";
import { ConfirmForm } from "~/components/confirm-form";
import { DataTable } from "~/components/data-table";
import { Field, type FieldErrors, Notice, PendingButton, useFreshFormKey } from "~/components/forms";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import { poolSchemas } from "~/models/compute-forms.server";
import {
  DuplicatePoolSlugError,
  createPool,
  getPool,
  listPools,
  setPoolStatus,
  updatePool,
} from "~/models/pools.server";
import { actorOf } from "~/utils/actor.server";
import { fieldFailure, firstError, parseForm, readForm } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:compute");
  const db = getDb();
  const editId = Number(new URL(request.url).searchParams.get("edit"));
  const editing = Number.isSafeInteger(editId) && editId > 0 ? (getPool(db, editId) ?? null) : null;
  return json({ pools: listPools(db), editing });
}

type ActionData = {
  intent: string;
  error?: { key: MessageKey; params?: Record<string, string | number> };
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  done?: { key: MessageKey; nameZh: string; nameEn: string };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "admin:compute");
  const form = await readForm(request);
  const schema = poolSchemas();
  const chosen = parseForm(form, schema.intent);
  if (!chosen.ok) return json<ActionData>({ intent: "", error: firstError(chosen) }, { status: 400 });
  const { intent } = chosen.data;
  const db = getDb();
  const actor = actorOf(viewer, context);
  if (intent === "retire" || intent === "reactivate") {
    const parsed = parseForm(form, schema.status);
    if (!parsed.ok) return json<ActionData>({ intent, error: firstError(parsed) }, { status: 400 });
    const row = setPoolStatus(db, actor, parsed.data.id, intent === "retire" ? "retired" : "active");
    if (!row) return json<ActionData>({ intent, error: { key: "pools.notFound" } }, { status: 404 });
    const key = intent === "retire" ? "pools.retired" : "pools.reactivated";
    return json<ActionData>({ intent, done: { key, nameZh: row.nameZh, nameEn: row.nameEn } });
  }
  const parsed = intent === "create" ? parseForm(form, schema.create) : parseForm(form, schema.update);
  if (!parsed.ok) {
    return json<ActionData>(
      { intent, fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  }
  const d = parsed.data;
  const input = {
    slug: d.slug,
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    hardwareZh: d.hardwareZh,
    hardwareEn: d.hardwareEn,
    capacityMinutesPerMonth: d.capacityMinutesPerMonth,
    overcommitPercent: d.overcommitPercent,
  };
  try {
    const row = d.intent === "create" ? createPool(db, actor, input) : updatePool(db, actor, d.id, input);
    if (!row) return json<ActionData>({ intent, error: { key: "pools.notFound" } }, { status: 404 });
    const key = intent === "create" ? "pools.created" : "pools.updated";
    return json<ActionData>({ intent, done: { key, nameZh: row.nameZh, nameEn: row.nameEn } });
  } catch (error) {
    if (!(error instanceof DuplicatePoolSlugError)) throw error;
    const failure = fieldFailure("slug", "pools.slugTaken", parsed.values);
    return json<ActionData>(
      { intent, fieldErrors: failure.fieldErrors, values: failure.values },
      { status: 400 },
    );
  }
}

type PoolValues = Record<string, string | number | null | undefined>;

function PoolForm({
  intent,
  initial,
  result,
}: {
  intent: "create" | "update";
  initial?: PoolValues;
  result?: ActionData;
}) {
  const t = useT();
  const mine = result?.intent === intent ? result : undefined;
  const fresh = useFreshFormKey(mine, Boolean(mine?.done));
  const values: PoolValues = mine?.values ?? initial ?? { overcommitPercent: 100 };
  const errors = mine?.fieldErrors;
  const text = (name: string) => (values[name] == null ? undefined : String(values[name]));
  return (
    <Form
      method="post"
      className="grid gap-4 sm:grid-cols-2"
      noValidate
      key={`${intent}-${initial?.id ?? "new"}-${fresh}`}
    >
      <input type="hidden" name="intent" value={intent} />
      {initial ? <input type="hidden" name="id" value={String(initial.id)} /> : null}
      <Field
        label={t("pools.slug")}
        name="slug"
        defaultValue={text("slug")}
        required
        maxLength={40}
        hint={t("pools.slugHint")}
        errors={errors}
      />
      <Field
        label={t("pools.capacity")}
        name="capacityMinutesPerMonth"
        inputMode="numeric"
        defaultValue={text("capacityMinutesPerMonth")}
        required
        errors={errors}
      />
      <Field
        label={t("pools.nameZh")}
        name="nameZh"
        lang="zh-CN"
        defaultValue={text("nameZh")}
        required
        maxLength={100}
        errors={errors}
      />
      <Field
        label={t("pools.nameEn")}
        name="nameEn"
        lang="en"
        defaultValue={text("nameEn")}
        required
        maxLength={100}
        errors={errors}
      />
      <Field
        label={t("pools.hardwareZh")}
        name="hardwareZh"
        lang="zh-CN"
        defaultValue={text("hardwareZh")}
        required
        maxLength={300}
        errors={errors}
      />
      <Field
        label={t("pools.hardwareEn")}
        name="hardwareEn"
        lang="en"
        defaultValue={text("hardwareEn")}
        required
        maxLength={300}
        errors={errors}
      />
      <Field
        label={t("pools.overcommit")}
        name="overcommitPercent"
        inputMode="numeric"
        defaultValue={text("overcommitPercent")}
        required
        hint={t("pools.overcommitHint")}
        errors={errors}
      />
      <div className="sm:col-span-2">
        <PendingButton pendingLabel={t(intent === "create" ? "common.creating" : "common.saving")}>
          {t(intent === "create" ? "common.create" : "common.save")}
        </PendingButton>
      </div>
    </Form>
  );
}

export default function AdminComputePools() {
  const t = useT();
  const locale = useLocale();
  const { pools, editing } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const nameOf = (p: { nameZh: string; nameEn: string }) => (locale === "en" ? p.nameEn : p.nameZh);
  return (
    <div className="space-y-6">
      {result?.error ? <Notice tone="error">{t(result.error.key, result.error.params)}</Notice> : null}
      {result?.done ? (
        <Notice tone="success">{t(result.done.key, { name: nameOf(result.done) })}</Notice>
      ) : null}
      <section className="card" aria-labelledby="pool-form">
        <h2 id="pool-form" className="mb-4 text-lg font-semibold">
          {editing ? `${t("pools.edit")}: ${editing.slug}` : t("pools.new")}
        </h2>
        {editing ? (
          <PoolForm intent="update" initial={editing} result={result} />
        ) : (
          <PoolForm intent="create" result={result} />
        )}
      </section>
      <section aria-labelledby="pool-list" className="space-y-4">
        <h2 id="pool-list" className="text-lg font-semibold">
          {t("admin.computePools")}
        </h2>
        <DataTable
          labelledBy="pool-list"
          headers={[
            t("pools.slug"),
            t("pools.nameZh"),
            t("pools.capacity"),
            t("pools.overcommit"),
            t("pools.status"),
            t("common.actions"),
          ]}
          empty={pools.length === 0}
        >
          {pools.map((p) => (
            <tr key={p.id}>
              <td className="font-mono">{p.slug}</td>
              <td>{nameOf(p)}</td>
              <td>{p.capacityMinutesPerMonth.toLocaleString(locale)}</td>
              <td>{p.overcommitPercent}%</td>
              <td>{t(`pools.status.${p.status}`)}</td>
              <td className="flex flex-wrap gap-2">
                <Link to={`?edit=${p.id}`} className="link" aria-label={`${t("common.edit")} ${p.slug}`}>
                  {t("common.edit")}
                </Link>
                {p.status === "active" ? (
                  <ConfirmForm method="post" confirmText={t("pools.retireConfirm", { name: nameOf(p) })}>
                    <input type="hidden" name="id" value={p.id} />
                    <input type="hidden" name="intent" value="retire" />
                    <PendingButton
                      className="link"
                      pendingLabel={t("common.working")}
                      aria-label={`${t("pools.retire")} ${p.slug}`}
                    >
                      {t("pools.retire")}
                    </PendingButton>
                  </ConfirmForm>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="id" value={p.id} />
                    <input type="hidden" name="intent" value="reactivate" />
                    <PendingButton
                      className="link"
                      pendingLabel={t("common.working")}
                      aria-label={`${t("pools.reactivate")} ${p.slug}`}
                    >
                      {t("pools.reactivate")}
                    </PendingButton>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
