import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ROLE_NAMES, isRole } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { ConfirmForm } from "~/components/confirm-form";
import { Field, type FieldErrors, Notice, PendingButton, SelectField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { DataTable } from "~/components/data-table";
import { SearchForm } from "~/components/search-form";
import { formatDateTime } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { createStaffAccount } from "~/models/accounts.server";
import { createResetToken } from "~/models/password-reset.server";
import { allUniversities } from "~/models/universities.server";
import {
  DuplicateEmailError,
  changeUserRole,
  getUser,
  searchUsers,
  setUserDisabled,
} from "~/models/users.server";
import { actorOf, listParams } from "~/utils/actor.server";
import { emailField, fieldFailure, parseForm, readForm, requiredText } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "admin:users");
  const { q, page, params } = listParams(request);
  const role = params.get("role");
  const db = getDb();
  return json({
    ...searchUsers(db, { q, page, role: isRole(role) ? role : undefined }),
    universities: allUniversities(db),
    viewerId: viewer.id,
  });
}

const createSchema = z.object({
  email: emailField,
  name: requiredText(100),
  role: z.enum(["teacher", "admin"], { message: "field.invalid" }),
  universityId: z
    .string()
    .regex(/^\d*$/, "field.invalid")
    .transform((s) => (s ? Number(s) : null)),
});

type ActionData = {
  intent: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  resetUrl?: string;
  email?: string;
  created?: boolean;
  error?: "users.selfChange" | "field.invalid";
};

function resetUrl(request: Request, token: string) {
  return new URL(`/reset/${token}`, request.url).toString();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "admin:users");
  const db = getDb();
  const actor = actorOf(viewer, context);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");

  if (intent === "create") {
    const parsed = parseForm(form, createSchema);
    if (!parsed.ok)
      return json<ActionData>(
        { intent, fieldErrors: parsed.fieldErrors, values: parsed.values },
        { status: 400 },
      );
    const { universityId } = parsed.data;
    if (universityId !== null && !allUniversities(db).some((u) => u.id === universityId)) {
      const failure = fieldFailure("universityId", "field.invalid", parsed.values);
      return json<ActionData>({ intent, ...failure }, { status: 400 });
    }
    try {
      const { user, token } = createStaffAccount(db, actor, parsed.data);
      return json<ActionData>({
        intent,
        created: true,
        email: user.email,
        resetUrl: resetUrl(request, token),
      });
    } catch (error) {
      if (!(error instanceof DuplicateEmailError)) throw error;
      const failure = fieldFailure("email", "users.emailTaken", parsed.values);
      return json<ActionData>({ intent, ...failure }, { status: 400 });
    }
  }

  const userId = Number(form.get("userId"));
  const target = Number.isInteger(userId) && userId > 0 ? getUser(db, userId) : undefined;
  if (!target) return json<ActionData>({ intent, error: "field.invalid" }, { status: 404 });

  if (intent === "reset-link") {
    const token = createResetToken(db, actor, target.id);
    return json<ActionData>({ intent, email: target.email, resetUrl: resetUrl(request, token) });
  }
  if (target.id === viewer.id)
    return json<ActionData>({ intent, error: "users.selfChange" }, { status: 400 });
  if (intent === "disable" || intent === "enable") {
    setUserDisabled(db, actor, target.id, intent === "disable");
    return json<ActionData>({ intent, email: target.email });
  }
  if (intent === "role") {
    const role = form.get("role");
    if (!isRole(role)) return json<ActionData>({ intent, error: "field.invalid" }, { status: 400 });
    changeUserRole(db, actor, target.id, role);
    return json<ActionData>({ intent, email: target.email });
  }
  return json<ActionData>({ intent, error: "field.invalid" }, { status: 400 });
}

function ResetLink({ url }: { url: string }) {
  const t = useT();
  return (
    <div className="mt-2">
      <p>{t("users.resetLinkReady")}</p>
      <input
        readOnly
        value={url}
        aria-label={t("users.resetLinkReady")}
        className="input mt-2 font-mono text-sm"
        data-testid="reset-url"
        onFocus={(e) => e.currentTarget.select()}
      />
    </div>
  );
}

export default function AdminUsers() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const [params] = useSearchParams();
  const create = result?.intent === "create" ? result : undefined;
  return (
    <div className="space-y-6">
      {result?.error ? <Notice tone="error">{t(result.error)}</Notice> : null}
      {result?.resetUrl ? (
        <Notice tone="success">
          {create?.created ? <p>{t("users.created", { email: result.email ?? "" })}</p> : null}
          <ResetLink url={result.resetUrl} />
        </Notice>
      ) : result?.email && !result.error ? (
        <Notice tone="success">{t("users.updated", { email: result.email })}</Notice>
      ) : null}
      <section className="card" aria-labelledby="new-user">
        <h2 id="new-user" className="mb-4 text-lg font-semibold">
          {t("users.new")}
        </h2>
        <Form
          method="post"
          className="grid gap-4 sm:grid-cols-2"
          noValidate
          key={create?.created ? result?.resetUrl : "form"}
        >
          <input type="hidden" name="intent" value="create" />
          <Field
            label={t("account.email")}
            name="email"
            type="email"
            required
            maxLength={254}
            defaultValue={create?.values?.email}
            errors={create?.fieldErrors}
          />
          <Field
            label={t("account.name")}
            name="name"
            required
            maxLength={100}
            defaultValue={create?.values?.name}
            errors={create?.fieldErrors}
          />
          <SelectField
            label={t("users.role")}
            name="role"
            defaultValue={create?.values?.role ?? "teacher"}
            errors={create?.fieldErrors}
          >
            <option value="teacher">{t("role.teacher")}</option>
            <option value="admin">{t("role.admin")}</option>
          </SelectField>
          <SelectField
            label={t("account.university")}
            name="universityId"
            defaultValue={create?.values?.universityId ?? ""}
            errors={create?.fieldErrors}
          >
            <option value="">{t("users.noUniversity")}</option>
            {data.universities.map((u) => (
              <option key={u.id} value={u.id}>
                {u.code} · {locale === "en" ? u.nameEn : u.nameZh}
              </option>
            ))}
          </SelectField>
          <div className="sm:col-span-2">
            <PendingButton name="intent" value="create" pendingLabel={t("common.creating")}>
              {t("common.create")}
            </PendingButton>
          </div>
        </Form>
      </section>
      <section className="space-y-4" aria-labelledby="user-list">
        <h2 id="user-list" className="text-lg font-semibold">
          {t("admin.users")}
        </h2>
        <SearchForm placeholder={t("users.searchPlaceholder")}>
          <div>
            <label htmlFor="role-filter" className="label">
              {t("users.role")}
            </label>
            <select id="role-filter" name="role" defaultValue={params.get("role") ?? ""} className="input">
              <option value="">{t("users.allRoles")}</option>
              {ROLE_NAMES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </div>
        </SearchForm>
        <DataTable
          labelledBy="user-list"
          headers={[
            t("account.email"),
            t("account.name"),
            t("users.role"),
            t("users.status"),
            t("users.created_at"),
            t("common.actions"),
          ]}
          empty={data.rows.length === 0}
        >
          {data.rows.map((u) => (
            <tr key={u.id}>
              <td className="min-w-[12rem] break-all">{u.email}</td>
              <td>
                {u.name}
                {u.universityCode ? (
                  <span className="block text-xs text-slate-500">
                    {u.universityCode}
                    {u.studentNumber ? ` · ${u.studentNumber}` : ""}
                  </span>
                ) : null}
              </td>
              <td>{t(`role.${u.role}`)}</td>
              <td>{u.disabledAt ? t("users.disabled") : t("users.active")}</td>
              <td className="whitespace-nowrap">{formatDateTime(locale, new Date(u.createdAt), "date")}</td>
              <td>
                {u.id === data.viewerId ? null : (
                  <div className="flex flex-wrap gap-2">
                    <ConfirmForm
                      method="post"
                      confirmText={t(u.disabledAt ? "users.confirmEnable" : "users.confirmDisable", {
                        email: u.email,
                      })}
                    >
                      <input type="hidden" name="userId" value={u.id} />
                      <PendingButton
                        name="intent"
                        value={u.disabledAt ? "enable" : "disable"}
                        className={u.disabledAt ? "btn-secondary" : "btn-danger"}
                        pendingLabel={t("common.working")}
                        aria-label={`${t(u.disabledAt ? "users.enable" : "users.disable")} ${u.email}`}
                      >
                        {t(u.disabledAt ? "users.enable" : "users.disable")}
                      </PendingButton>
                    </ConfirmForm>
                    <ConfirmForm
                      method="post"
                      confirmText={t("users.confirmRole", { email: u.email })}
                      className="flex gap-1"
                    >
                      <input type="hidden" name="userId" value={u.id} />
                      <select
                        name="role"
                        defaultValue={u.role}
                        className="input w-auto py-1"
                        aria-label={`${t("users.changeRole")} ${u.email}`}
                      >
                        {ROLE_NAMES.map((r) => (
                          <option key={r} value={r}>
                            {t(`role.${r}`)}
                          </option>
                        ))}
                      </select>
                      <PendingButton
                        name="intent"
                        value="role"
                        className="btn-secondary"
                        pendingLabel={t("common.working")}
                      >
                        {t("users.changeRole")}
                      </PendingButton>
                    </ConfirmForm>
                    <Form method="post">
                      <input type="hidden" name="userId" value={u.id} />
                      <PendingButton
                        name="intent"
                        value="reset-link"
                        className="btn-secondary"
                        pendingLabel={t("common.working")}
                        aria-label={`${t("users.resetLink")} ${u.email}`}
                      >
                        {t("users.resetLink")}
                      </PendingButton>
                    </Form>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
        <Pagination page={data.page} pages={data.pages} total={data.total} />
      </section>
    </div>
  );
}
