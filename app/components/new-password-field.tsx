import { useState } from "react";
import { PASSWORD_MAX as MAX, PASSWORD_MIN as MIN } from "~/auth/password-policy";
import { useT } from "~/i18n/use-t";
import { Field, type FieldErrors } from "./forms";

/** A new-password input that says, as the person types, whether the length is acceptable. */
export function NewPasswordField({
  label,
  name,
  errors,
}: {
  label: string;
  name: string;
  errors?: FieldErrors;
}) {
  const t = useT();
  const [length, setLength] = useState(0);
  const ok = length >= MIN && length <= MAX;
  return (
    <Field
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      required
      minLength={MIN}
      maxLength={MAX}
      hint={t("password.hint", { min: MIN, max: MAX })}
      errors={errors}
      onChange={(event) => setLength(event.currentTarget.value.length)}
    >
      <p
        className={`mt-1 text-xs ${length === 0 || ok ? "text-slate-600" : "text-red-700"}`}
        aria-live="polite"
      >
        {length === 0
          ? null
          : `${t("password.count", { count: length })} · ${ok ? "✓" : t("field.passwordLength", { min: MIN, max: MAX })}`}
      </p>
    </Field>
  );
}
