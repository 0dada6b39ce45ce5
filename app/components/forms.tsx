import { useNavigation } from "@remix-run/react";
import { type ComponentProps, type ReactNode, useId, useRef } from "react";
import type { MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

export interface FieldErrors {
  [field: string]: { key: MessageKey; params?: Record<string, string | number> } | undefined;
}

/** Whether the navigation in flight is this button's own form being submitted (with this button). */
function isOwnSubmission(
  button: HTMLButtonElement | null,
  submitted: FormData | undefined,
  action: string | undefined,
) {
  const form = button?.form;
  if (!form || !submitted) return false;
  if (action && new URL(form.action).pathname !== new URL(action, window.location.href).pathname)
    return false;
  if (button.name && submitted.get(button.name) !== button.value) return false;
  for (const [key, value] of new FormData(form)) {
    if (typeof value === "string" && !submitted.getAll(key).includes(value)) return false;
  }
  return true;
}

/** A submit button that shows it is working while its own form submits. */
export function PendingButton({
  children,
  pendingLabel,
  className = "btn-primary",
  sending,
  ...rest
}: ComponentProps<"button"> & {
  pendingLabel: string;
  /** For a form its own script sends (not through Remix's navigation). */
  sending?: boolean;
}) {
  const navigation = useNavigation();
  const ref = useRef<HTMLButtonElement>(null);
  const pending =
    sending ??
    (navigation.state === "submitting" &&
      isOwnSubmission(ref.current, navigation.formData, navigation.formAction));
  return (
    <button ref={ref} type="submit" className={className} disabled={pending} aria-busy={pending} {...rest}>
      {pending ? pendingLabel : children}
    </button>
  );
}

type FieldError = NonNullable<FieldErrors[string]>;

/** Label above, control, optional hint, then the field's error in the user's language, wired for screen readers. */
function FieldFrame({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: FieldError;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {t(error.key, error.params)}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
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
  const id = useId();
  const error = errors?.[name];
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={name}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
      {children}
    </FieldFrame>
  );
}

export function SelectField({
  label,
  name,
  errors,
  children,
  ...select
}: ComponentProps<"select"> & { label: string; name: string; errors?: FieldErrors }) {
  const id = useId();
  const error = errors?.[name];
  return (
    <FieldFrame id={id} label={label} error={error}>
      <select
        id={id}
        name={name}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, undefined, error)}
        {...select}
      >
        {children}
      </select>
    </FieldFrame>
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

/**
 * A key for a form that must come back empty after each success. Keyed on
 * "done" alone, a second success in a row keeps the first one's typed values
 * (React sees the same key), which invites sending the same thing twice. Each
 * answer from the action is a new object, so counting them gives a new key.
 */
export function useFreshFormKey(answer: unknown, succeeded: boolean): string {
  const seen = useRef<{ answer: unknown; count: number }>({ answer: undefined, count: 0 });
  if (succeeded && seen.current.answer !== answer) seen.current = { answer, count: seen.current.count + 1 };
  return succeeded ? `done-${seen.current.count}` : "form";
}
