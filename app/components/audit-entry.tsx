import { isRole } from "~/auth/permissions";
import { formatDateTime, formatNumber, isLocale } from "~/i18n/locale";
import { isMessageKey } from "~/i18n/t";
import { useLocale, useT } from "~/i18n/use-t";

type Value = string | number | boolean | null;
export interface Change {
  field: string;
  before?: Value;
  after?: Value;
}
export interface UniversityName {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}
export type Target =
  | { kind: "user"; name: string | null; email: string | null; id: string }
  | { kind: "university"; code: string | null; nameZh: string | null; nameEn: string | null; id: string }
  | { kind: "other"; type: string; id: string | null };

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** An action code (`user.disable`) in the viewer's words; a code the catalogue does not know stays as is. */
export function useActionLabel() {
  const t = useT();
  return (action: string) => {
    const key = `audit.action.${action}`;
    return isMessageKey(key) ? t(key) : action;
  };
}

function useFormatValue(universities: UniversityName[]) {
  const t = useT();
  const locale = useLocale();
  return (field: string, value: Value | undefined): string => {
    if (value === null || value === undefined || value === "") return t("audit.empty");
    if (field === "role" && isRole(value)) return t(`role.${value}`);
    if (field === "locale" && isLocale(value)) return t(`lang.${value}`);
    if (field === "disabled" && typeof value === "boolean")
      return t(value ? "users.disabled" : "users.active");
    if (field === "universityId") {
      const uni = universities.find((u) => u.id === Number(value));
      return uni ? `${uni.code} · ${locale === "en" ? uni.nameEn : uni.nameZh}` : String(value);
    }
    if (typeof value === "boolean") return t(value ? "common.yes" : "common.no");
    if (typeof value === "number") return formatNumber(locale, value);
    if (ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)))
      return formatDateTime(locale, new Date(value));
    return value;
  };
}

export function TargetLabel({ target }: { target: Target }) {
  const t = useT();
  const locale = useLocale();
  if (target.kind === "user") {
    if (!target.name && !target.email) return <>{t("audit.target.user", { id: target.id })}</>;
    return (
      <>
        {target.name ? <span className="block">{target.name}</span> : null}
        {target.email ? <span className="block break-words text-slate-600">{target.email}</span> : null}
      </>
    );
  }
  if (target.kind === "university") {
    const name = locale === "en" ? target.nameEn : target.nameZh;
    if (!target.code) return <>{t("audit.target.university", { id: target.id })}</>;
    return (
      <>
        <span className="block">{name}</span>
        <span className="block font-mono text-xs text-slate-600">{target.code}</span>
      </>
    );
  }
  const key = `audit.target.${target.type}`;
  if (target.id && isMessageKey(key)) return <>{t(key, { id: target.id })}</>;
  return <>{target.id ? `${target.type} ${target.id}` : target.type}</>;
}

/** Field by field, `before → after` for edits, the value alone when something was created. */
export function ChangeList({ changes, universities }: { changes: Change[]; universities: UniversityName[] }) {
  const t = useT();
  const format = useFormatValue(universities);
  if (changes.length === 0) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-1 text-xs">
      {changes.map((change) => {
        const labelKey = `audit.field.${change.field}`;
        return (
          <div key={change.field} className="contents">
            <dt className="font-medium text-slate-700">
              {isMessageKey(labelKey) ? t(labelKey) : change.field}
            </dt>
            {/* relative: the screen-reader text inside must not escape the table's scroll box and widen the page. */}
            <dd className="relative break-words">
              {"before" in change && "after" in change ? (
                <>
                  <del className="text-slate-600 no-underline">{format(change.field, change.before)}</del>
                  <span aria-hidden="true"> → </span>
                  <span className="sr-only"> {t("audit.changedTo")} </span>
                  <ins className="no-underline">{format(change.field, change.after)}</ins>
                </>
              ) : "after" in change ? (
                format(change.field, change.after)
              ) : (
                <del>{format(change.field, change.before)}</del>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
