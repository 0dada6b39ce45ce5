import { Form } from "@remix-run/react";
import { ROLE_NAMES, type RoleName } from "~/auth/permissions";
import { formatDateTime } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { ConfirmForm } from "./confirm-form";
import { DataTable } from "./data-table";
import { PendingButton } from "./forms";

export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: RoleName;
  studentNumber: string | null;
  disabledAt: string | null;
  createdAt: string;
  universityCode: string | null;
}

function Who({ user }: { user: UserRow }) {
  return (
    <>
      <span className="block font-medium">{user.name}</span>
      {/* One line on a desktop (the actions column wraps instead); on a phone it wraps only where it cannot fit. */}
      <span className="block break-words text-slate-700 lg:whitespace-nowrap">{user.email}</span>
      {user.universityCode ? (
        <span className="block text-xs text-slate-600">
          {user.universityCode}
          {user.studentNumber ? ` · ${user.studentNumber}` : ""}
        </span>
      ) : null}
    </>
  );
}

function Status({ user }: { user: UserRow }) {
  const t = useT();
  return user.disabledAt ? (
    <span className="rounded bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-800">
      {t("users.disabled")}
    </span>
  ) : (
    <span className="rounded bg-green-50 px-2 py-0.5 text-xs font-medium text-green-900">
      {t("users.active")}
    </span>
  );
}

/** Change role, disable or re-enable (each asks once), and a reset link. */
function RowActions({ user }: { user: UserRow }) {
  const t = useT();
  const toggle = user.disabledAt ? "enable" : "disable";
  const toggleLabel = t(user.disabledAt ? "users.enable" : "users.disable");
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ConfirmForm
        method="post"
        confirmText={t("users.confirmRole", { email: user.email })}
        className="flex items-center gap-1"
      >
        <input type="hidden" name="userId" value={user.id} />
        <select
          name="role"
          defaultValue={user.role}
          className="input w-auto py-1"
          aria-label={t("users.roleOf", { email: user.email })}
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
          className="btn-secondary px-3 py-1"
          pendingLabel={t("common.working")}
          aria-label={`${t("users.changeRole")} ${user.email}`}
        >
          {t("users.changeRole")}
        </PendingButton>
      </ConfirmForm>
      <ConfirmForm
        method="post"
        confirmText={t(user.disabledAt ? "users.confirmEnable" : "users.confirmDisable", {
          email: user.email,
        })}
      >
        <input type="hidden" name="userId" value={user.id} />
        <PendingButton
          name="intent"
          value={toggle}
          className={`${user.disabledAt ? "btn-secondary" : "btn-danger-outline"} px-3 py-1`}
          pendingLabel={t("common.working")}
          aria-label={`${toggleLabel} ${user.email}`}
        >
          {toggleLabel}
        </PendingButton>
      </ConfirmForm>
      <Form method="post">
        <input type="hidden" name="userId" value={user.id} />
        <PendingButton
          name="intent"
          value="reset-link"
          className="btn-secondary px-3 py-1"
          pendingLabel={t("common.working")}
          aria-label={`${t("users.resetLink")} ${user.email}`}
        >
          {t("users.resetLink")}
        </PendingButton>
      </Form>
    </div>
  );
}

/**
 * The user list: a table from 640 px up, a stack of cards on phones so that
 * role, status and actions stay on screen. Only one of the two is displayed.
 */
export function UserList({
  rows,
  viewerId,
  labelledBy,
}: {
  rows: UserRow[];
  viewerId: number;
  labelledBy: string;
}) {
  const t = useT();
  const locale = useLocale();
  const joined = (user: UserRow) => formatDateTime(locale, new Date(user.createdAt), "date");
  return (
    <>
      <div className="hidden sm:block">
        <DataTable
          labelledBy={labelledBy}
          headers={[
            t("users.account"),
            t("users.role"),
            t("users.status"),
            t("users.created_at"),
            t("common.actions"),
          ]}
          empty={rows.length === 0}
        >
          {rows.map((u) => (
            <tr key={u.id}>
              <td className="min-w-[14rem]">
                <Who user={u} />
              </td>
              <td className="whitespace-nowrap">{t(`role.${u.role}`)}</td>
              <td className="whitespace-nowrap">
                <Status user={u} />
              </td>
              <td className="whitespace-nowrap">{joined(u)}</td>
              <td>{u.id === viewerId ? null : <RowActions user={u} />}</td>
            </tr>
          ))}
        </DataTable>
      </div>
      <ul className="space-y-3 sm:hidden" aria-labelledby={labelledBy} data-testid="user-cards">
        {rows.length === 0 ? <li className="card">{t("common.none")}</li> : null}
        {rows.map((u) => (
          <li key={u.id} className="card space-y-3">
            <div className="min-w-0">
              <Who user={u} />
            </div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-slate-600">{t("users.role")}</dt>
              <dd>{t(`role.${u.role}`)}</dd>
              <dt className="text-slate-600">{t("users.status")}</dt>
              <dd>
                <Status user={u} />
              </dd>
              <dt className="text-slate-600">{t("users.created_at")}</dt>
              <dd>{joined(u)}</dd>
            </dl>
            {u.id === viewerId ? null : <RowActions user={u} />}
          </li>
        ))}
      </ul>
    </>
  );
}
