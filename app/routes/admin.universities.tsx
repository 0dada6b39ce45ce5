import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/auth/permissions.server";
import { Field, type FieldErrors, Notice, PendingButton, useFreshFormKey } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { DataTable } from "~/components/data-table";
import { SearchForm } from "~/components/search-form";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import {
  DuplicateCodeError,
  createUniversity,
  getUniversity,
  listUniversities,
  updateUniversity,
} from "~/models/universities.server";
import { actorOf } from "~/utils/actor.server";
import {
  fieldFailure,
  firstError,
  idField,
  intentField,
  parseForm,
  readForm,
  textField,
} from "~/utils/forms.server";
import { UNIVERSITY_NAME_EN_MAX, UNIVERSITY_NAME_ZH_MAX } from "~/utils/limits";
import { listParams } from "~/utils/list-params";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:universities");
  const { q, page, params } = listParams(request);
  const db = getDb();
  const editId = Number(params.get("edit"));
  const editing = Number.isInteger(editId) && editId > 0 ? (getUniversity(db, editId) ?? null) : null;
  return json({ ...listUniversities(db, { q, page }), editing });
}

// Built on demand: this module also runs in the browser, where the field helpers do not exist.
function schemas() {
  const fields = {
    code: z
      .string()
      .transform((s) => s.trim().toUpperCase())
      .pipe(
        z
          .string()
          .min(1, "field.required")
          .regex(/^[A-Z0-9-]{2,20}$/, "uni.codeHint"),
      ),
    nameZh: textField(UNIVERSITY_NAME_ZH_MAX),
    nameEn: textField(UNIVERSITY_NAME_EN_MAX),
  };
  return {
    intent: z.object({ intent: intentField(["create", "update"]) }),
    create: z.object({ intent: z.literal("create"), ...fields }),
    update: z.object({ intent: z.literal("update"), id: idField, ...fields }),
  };
}

type ActionData = {
  intent: string;
  error?: { key: MessageKey; params?: Record<string, string | number> };
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  done?: { created: boolean; nameZh: string; nameEn: string };
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "admin:universities");
  const form = await readForm(request);
  const schema = schemas();
  const chosen = parseForm(form, schema.intent);
  if (!chosen.ok) return json<ActionData>({ intent: "", error: firstError(chosen) }, { status: 400 });
  const { intent } = chosen.data;
  const parsed = intent === "create" ? parseForm(form, schema.create) : parseForm(form, schema.update);
  if (!parsed.ok)
    return json<ActionData>(
      { intent, fieldErrors: parsed.fieldErrors, values: parsed.values },
      { status: 400 },
    );
  const db = getDb();
  const actor = actorOf(viewer, context);
  const { code, nameZh, nameEn } = parsed.data;
  try {
    const row =
      parsed.data.intent === "create"
        ? createUniversity(db, actor, { code, nameZh, nameEn })
        : updateUniversity(db, actor, parsed.data.id, { code, nameZh, nameEn });
    if (!row) return json<ActionData>({ intent, error: { key: "uni.notFound" } }, { status: 404 });
    return json<ActionData>({
      intent,
      done: { created: intent === "create", nameZh: row.nameZh, nameEn: row.nameEn },
    });
  } catch (error) {
    if (!(error instanceof DuplicateCodeError)) throw error;
    const failure = fieldFailure("code", "uni.codeTaken", parsed.values);
    return json<ActionData>(
      { intent, fieldErrors: failure.fieldErrors, values: failure.values },
      { status: 400 },
    );
  }
}

function UniversityForm({
  intent,
  initial,
  result,
}: {
  intent: "create" | "update";
  initial?: { id: number; code: string; nameZh: string; nameEn: string };
  result?: ActionData;
}) {
  const t = useT();
  const mine = result?.intent === intent ? result : undefined;
  // A new key after every success, so a second university in a row starts from an empty form too.
  const fresh = useFreshFormKey(mine, Boolean(mine?.done));
  const values = mine?.values ?? initial;
  return (
    <Form
      method="post"
      className="grid gap-4 sm:grid-cols-3"
      noValidate
      key={`${intent}-${initial?.id ?? "new"}-${fresh}`}
    >
      <input type="hidden" name="intent" value={intent} />
      {initial ? <input type="hidden" name="id" value={initial.id} /> : null}
      <Field
        label={t("uni.code")}
        name="code"
        defaultValue={values?.code}
        required
        maxLength={20}
        hint={t("uni.codeHint")}
        errors={mine?.fieldErrors}
      />
      <Field
        label={t("uni.nameZh")}
        name="nameZh"
        defaultValue={values?.nameZh}
        required
        maxLength={UNIVERSITY_NAME_ZH_MAX}
        lang="zh-CN"
        errors={mine?.fieldErrors}
      />
      <Field
        label={t("uni.nameEn")}
        name="nameEn"
        defaultValue={values?.nameEn}
        required
        maxLength={UNIVERSITY_NAME_EN_MAX}
        lang="en"
        errors={mine?.fieldErrors}
      />
      <div className="sm:col-span-3">
        <PendingButton pendingLabel={t(intent === "create" ? "common.creating" : "common.saving")}>
          {t(intent === "create" ? "common.create" : "common.save")}
        </PendingButton>
      </div>
    </Form>
  );
}

export default function AdminUniversities() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const [params] = useSearchParams();
  return (
    <div className="space-y-6">
      {result?.error ? <Notice tone="error">{t(result.error.key, result.error.params)}</Notice> : null}
      {result?.done ? (
        <Notice tone="success">
          {t(result.done.created ? "uni.created" : "uni.updated", {
            name: locale === "en" ? result.done.nameEn : result.done.nameZh,
          })}
        </Notice>
      ) : null}
      {data.editing ? (
        <section className="card" aria-labelledby="edit-uni">
          <h2 id="edit-uni" className="mb-4 text-lg font-semibold">
            {t("uni.edit")}: {data.editing.code}
          </h2>
          <UniversityForm intent="update" initial={data.editing} result={result} />
        </section>
      ) : (
        <section className="card" aria-labelledby="new-uni">
          <h2 id="new-uni" className="mb-4 text-lg font-semibold">
            {t("uni.new")}
          </h2>
          <UniversityForm intent="create" result={result} />
        </section>
      )}
      <section aria-labelledby="uni-list" className="space-y-4">
        <h2 id="uni-list" className="text-lg font-semibold">
          {t("admin.universities")}
        </h2>
        <SearchForm placeholder={t("uni.searchPlaceholder")} />
        <DataTable
          labelledBy="uni-list"
          headers={[t("uni.code"), t("uni.nameZh"), t("uni.nameEn"), t("common.actions")]}
          empty={data.rows.length === 0}
        >
          {data.rows.map((u) => {
            const edit = new URLSearchParams(params);
            edit.set("edit", String(u.id));
            return (
              <tr key={u.id}>
                <td className="font-mono">{u.code}</td>
                <td lang="zh-CN">{u.nameZh}</td>
                <td lang="en">{u.nameEn}</td>
                <td>
                  <Link to={`?${edit}`} className="link" aria-label={`${t("common.edit")} ${u.code}`}>
                    {t("common.edit")}
                  </Link>
                </td>
              </tr>
            );
          })}
        </DataTable>
        <Pagination page={data.page} pages={data.pages} total={data.total} />
      </section>
    </div>
  );
}
