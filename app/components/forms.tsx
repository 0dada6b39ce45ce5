import { useNavigation } from "@remix-run/react";
import { type ComponentProps, type ReactNode, useId } from "react";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

export interface FieldErrors {
  [field: string]: { key: MessageKey; params?: Record<string, string | number> } | undefined;
}

/** A submit button that shows it is working while its form submits. */
export function PendingButton({
  children,
  pendingLabel,
  className = "btn-primary",
  name,
  value,
  ...rest
}: ComponentProps<"button"> & { pendingLabel: string }) {
  const navigation = useNavigation();
  const pending =
    navigation.state === "submitting" &&
    (name === undefined || navigation.formData?.get(name) === String(value ?? ""));
  return (
    <button
      type="submit"
      className={className}
      name={name}
      value={value}
      disabled={pending}
      aria-busy={pending}
      {...rest}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

export function Field({
  label,
  name,
  errors,
  hint,
  children,
  ...input
}: ComponentProps<"input"> & {
  label: string;
  name: string;
  errors?: FieldErrors;
  hint?: string;
  children?: ReactNode;
}) {
  const t = useT();
  const id = useId();
  const error = errors?.[name];
  const describedBy =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t(error.key, error.params)}
        </p>
      ) : null}
    </div>
  );
}

export function SelectField({
  label,
  name,
  errors,
  children,
  ...select
}: ComponentProps<"select"> & { label: string; name: string; errors?: FieldErrors }) {
  const t = useT();
  const id = useId();
  const error = errors?.[name];
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <select
        id={id}
        name={name}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...select}
      >
        {children}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t(error.key, error.params)}
        </p>
      ) : null}
    </div>
  );
}

export function Notice({
  tone = "info",
  children,
}: {
  tone?: "info" | "success" | "error";
  children: ReactNode;
}) {
  const styles = {
    info: "border-brand-100 bg-brand-50 text-brand-800",
    success: "border-green-200 bg-green-50 text-green-900",
    error: "border-red-200 bg-red-50 text-red-900",
  }[tone];
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md border px-4 py-3 text-sm ${styles}`}
    >
      {children}
    </div>
  );
}
