import { json } from "@remix-run/node";
import { z } from "zod";
import type { MessageKey } from "~/i18n/messages";
import { isMessageKey } from "~/i18n/t";

/** Field errors as message keys (translated by the form), plus the values to refill it with. */
export interface FormFailure {
  ok: false;
  fieldErrors: Record<string, { key: MessageKey; params?: Record<string, string | number> }>;
  formError?: MessageKey;
  values: Record<string, string>;
}

export type ParsedForm<T> = { ok: true; data: T; values: Record<string, string> } | FormFailure;

const MAX_FIELD = 10_000;

/**
 * Reads exactly the fields the schema declares (never spreads the whole form),
 * refuses duplicated or oversized fields, and validates with zod. Schema
 * messages are catalogue keys, e.g. `z.string().min(1, "field.required")`.
 */
export function parseForm<S extends z.ZodObject>(form: FormData, schema: S): ParsedForm<z.output<S>> {
  const values: Record<string, string> = {};
  const fieldErrors: FormFailure["fieldErrors"] = {};
  for (const name of Object.keys(schema.shape)) {
    const all = form.getAll(name);
    const first = all[0];
    if (all.length > 1) fieldErrors[name] = { key: "field.duplicate", params: { field: name } };
    if (typeof first === "string") {
      if (first.length > MAX_FIELD) fieldErrors[name] = { key: "field.tooLong", params: { max: MAX_FIELD } };
      else values[name] = first;
    }
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, values: redact(values) };
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? "_form");
    if (fieldErrors[name]) continue;
    const key = isMessageKey(issue.message) ? issue.message : "field.invalid";
    const params = issue.code === "too_big" ? { max: Number(issue.maximum) } : undefined;
    fieldErrors[name] = params ? { key, params } : { key };
  }
  return { ok: false, fieldErrors, values: redact(values) };
}

/** Passwords are never sent back to refill a form. */
function redact(values: Record<string, string>) {
  const copy = { ...values };
  for (const key of Object.keys(copy)) if (/password/i.test(key)) delete copy[key];
  return copy;
}

export function fieldFailure(
  field: string,
  key: MessageKey,
  values: Record<string, string>,
  params?: Record<string, string | number>,
): FormFailure {
  return { ok: false, fieldErrors: { [field]: params ? { key, params } : { key } }, values: redact(values) };
}

/** Email as stored: trimmed, lower-cased, Unicode NFC. */
export function normaliseEmail(raw: string): string {
  return raw.trim().normalize("NFC").toLowerCase();
}

export const emailField = z
  .string()
  .transform(normaliseEmail)
  .pipe(z.string().min(1, "field.required").max(254, "field.tooLong").email("field.email"));

export const passwordField = z
  .string()
  .min(1, "field.required")
  .min(8, "field.passwordLength")
  .max(128, "field.passwordLength");

export const requiredText = (max: number) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, "field.required").max(max, "field.tooLong"));

/** Reads a form body; a malformed one is the client's fault (400), never a 500. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw json({ message: "malformed form body" }, { status: 400 });
  }
}
