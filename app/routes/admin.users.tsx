import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ROLE_NAMES, STAFF_ROLES, isRole } from "~/auth/permissions";
import { requirePermission } from "~/auth/permissions.server";
import { Field, type FieldErrors, Notice, PendingButton, SelectField } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { SearchForm } from "~/components/search-form";
import { UserList } from "~/components/user-list";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import { createStaffAccount } from "~/models/accounts.server";
import { createResetToken } from "~/models/password-reset.server";
import { allUniversities } from "~/models/universities.server";
import {
  DuplicateEmailError,
  SelfChangeError,
  UnknownUniversityError,
  changeUserRole,
  getUser,
  searchUsers,
  setUserDisabled,
} from "~/models/users.server";
import { actorOf } from "~/utils/actor.server";
import {
  emailField,
  fieldFailure,
  firstError,
  idField,
  intentField,
  parseForm,
  readForm,
  textField,
} from "~/utils/forms.server";
import { EMAIL_MAX, NAME_MAX } from "~/utils/limits";
import { listParams } from "~/utils/list-params";
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

const INTENTS = ["create", "disable", "enable", "role", "reset-link"] as const;

// Built on demand: this module also runs in the browser, where the field helpers do not exist.
function schemas() {
  return {
    intent: z.object({ intent: intentField(INTENTS) }),
    create: z.object({
      intent: z.literal("create"),
      email: emailField,
      name: textField(NAME_MAX),
      role: z.enum(STAFF_ROLES, { message: "field.invalid" }),
      universityId: z.union([z.literal("").transform(() => null), idField], { message: "field.invalid" }),
    }),
    row: z.object({ intent: intentField(["disable", "enable", "reset-link"]), userId: idField }),
    role: z.object({
      intent: z.literal("role"),
      userId: idField,
      role: z.enum(ROLE_NAMES, { message: "field.invalid" }),
    }),
  };
}

type ActionData = {
  intent: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  resetUrl?: string;
  email?: string;
  created?: boolean;
  error?: { key: MessageKey; params?: Record<string, string | number> };
};

function resetUrl(request: Request, token: string) {
  return new URL(`/reset/${token}`, request.url).toString();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission(request, "admin:users");
  const db = getDb();
  const actor = actorOf(viewer, context);
  const form = await readForm(request);
  const schema = schemas();
  const chosen = parseForm(form, schema.intent);
  if (!chosen.ok) return json<ActionData>({ intent: "", error: firstError(chosen) }, { status: 400 });
  const { intent } = chosen.data;

  if (intent === "create") {
    const parsed = parseForm(form, schema.create);
    if (!parsed.ok)
      return json<ActionData>(
        { intent, fieldErrors: parsed.fieldErrors, values: parsed.values },
        { status: 400 },
      );
    try {
      const { user, token } = createStaffAccount(db, actor, parsed.data);
      return json<ActionData>({
        intent,
        created: true,
        email: user.email,
        resetUrl: resetUrl(request, token),
      });
    } catch (error) {
      const field =
        error instanceof DuplicateEmailError
          ? fieldFailure("email", "users.emailTaken", parsed.values)
          : error instanceof UnknownUniversityError
            ? fieldFailure("universityId", "field.invalid", parsed.values)
            : null;
      if (!field) throw error;
      return json<ActionData>(
        { intent, fieldErrors: field.fieldErrors, values: field.values },
        { status: 400 },
      );
    }
  }

  const parsed = intent === "role" ? parseForm(form, schema.role) : parseForm(form, schema.row);
  if (!parsed.ok) return json<ActionData>({ intent, error: firstError(parsed) }, { status: 400 });
  const target = getUser(db, parsed.data.userId);
  if (!target) return json<ActionData>({ intent, error: { key: "users.notFound" } }, { status: 404 });
  try {
    if (parsed.data.intent === "reset-link") {
      const token = createResetToken(db, actor, target.id);
      return json<ActionData>({ intent, email: target.email, resetUrl: resetUrl(request, token) });
    }
    if (parsed.data.intent === "role") changeUserRole(db, actor, target.id, parsed.data.role);
    else setUserDisabled(db, actor, target.id, parsed.data.intent === "disable");
    return json<ActionData>({ intent, email: target.email });
  } catch (error) {
    if (!(error instanceof SelfChangeError)) throw error;
    return json<ActionData>({ intent, error: { key: "users.selfChange" } }, { status: 400 });
  }
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
      {result?.error ? <Notice tone="error">{t(result.error.key, result.error.params)}</Notice> : null}
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
          <Field
            label={t("account.email")}
            name="email"
            type="email"
            required
            maxLength={EMAIL_MAX}
            defaultValue={create?.values?.email}
            errors={create?.fieldErrors}
          />
          <Field
            label={t("account.name")}
            name="name"
            required
            maxLength={NAME_MAX}
            defaultValue={create?.values?.name}
            errors={create?.fieldErrors}
          />
          <SelectField
            label={t("users.role")}
            name="role"
            defaultValue={create?.values?.role ?? "teacher"}
            errors={create?.fieldErrors}
          >
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
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
        <UserList rows={data.rows} viewerId={data.viewerId} labelledBy="user-list" />
        <Pagination page={data.page} pages={data.pages} total={data.total} />
      </section>
    </div>
  );
}
