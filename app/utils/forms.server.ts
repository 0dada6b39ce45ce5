import { json } from "@remix-run/node";
import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/auth/password-policy";
import type { MessageKey } from "~/i18n/messages";
import { isMessageKey } from "~/i18n/t";
import { hasForbiddenCharacters, normaliseEmail, normaliseText } from "./text";

type Params = Record<string, string | number>;

/** Field errors as message keys (translated by the form), plus the values to refill it with. */
export interface FormFailure {
  ok: false;
  fieldErrors: Record<string, { key: MessageKey; params?: Params }>;
  formError?: MessageKey;
  values: Record<string, string>;
}

export type ParsedForm<T> = { ok: true; data: T; values: Record<string, string> } | FormFailure;

const MAX_FIELD = 10_000;

/** Parameters some messages always need, whichever schema raised them. */
const MESSAGE_PARAMS: Partial<Record<MessageKey, Params>> = {
  "field.passwordLength": { min: PASSWORD_MIN, max: PASSWORD_MAX },
};

function issueParams(key: MessageKey, issue: z.core.$ZodIssue): Params | undefined {
  if (MESSAGE_PARAMS[key]) return MESSAGE_PARAMS[key];
  if (issue.code === "too_big") return { max: Number(issue.maximum) };
  return undefined;
}

/**
 * Reads exactly the fields the schema declares (never spreads the whole form),
 * refuses duplicated or oversized fields, and validates with zod. Schema
 * messages are catalogue keys, e.g. `z.string().min(1, "field.required")`.
 * Maps are keyed by declared field names only, never by what the client sent.
 */
export function parseForm<S extends z.ZodObject>(
  form: Pick<FormData, "getAll"> | URLSearchParams,
  schema: S,
): ParsedForm<z.output<S>> {
  const values: Record<string, string> = {};
  const fieldErrors: FormFailure["fieldErrors"] = {};
  for (const name of Object.keys(schema.shape)) {
    const all = form.getAll(name);
    const first = all[0];
    if (all.length > 1) fieldErrors[name] = { key: "field.duplicate", params: { field: name } };
    else if (first !== undefined && typeof first !== "string") fieldErrors[name] = { key: "field.invalid" };
    else if (typeof first === "string") {
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
    const params = issueParams(key, issue);
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
  params?: Params,
): FormFailure {
  return { ok: false, fieldErrors: { [field]: params ? { key, params } : { key } }, values: redact(values) };
}

/** The first field error of a failed parse, for forms that show one message (rows of buttons). */
export function firstError(failure: FormFailure): { key: MessageKey; params?: Params } {
  return Object.values(failure.fieldErrors)[0] ?? { key: "field.invalid" };
}

const cleanCharacters = (s: string) => !hasForbiddenCharacters(s);

function checkedText(max: number) {
  return z.string().max(max, "field.tooLong").refine(cleanCharacters, "field.badCharacters");
}

/** Every free-text field: NFC, trimmed, refused when it carries controls or bidi overrides, bounded. */
export function textField(max: number) {
  return z.string().transform(normaliseText).pipe(checkedText(max).min(1, "field.required"));
}

/** The same rules for a field that may be left empty (then null). */
export function optionalTextField(max: number) {
  return z
    .string()
    .transform(normaliseText)
    .pipe(checkedText(max).transform((s) => (s === "" ? null : s)));
}

export const emailField = z
  .string()
  .transform(normaliseEmail)
  .pipe(
    z
      .string()
      .min(1, "field.required")
      .max(254, "field.tooLong")
      .refine(cleanCharacters, "field.badCharacters")
      .pipe(z.email("field.email")),
  );

export const passwordField = z
  .string()
  .min(1, "field.required")
  .min(PASSWORD_MIN, "field.passwordLength")
  .max(PASSWORD_MAX, "field.passwordLength");

/** A positive integer id sent as a form field. */
export const idField = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, "field.invalid")
  .transform(Number)
  .pipe(z.number().int().max(Number.MAX_SAFE_INTEGER, "field.invalid"));

/** The `intent` of a form with several buttons: one of the given values, sent once. */
export function intentField<const T extends readonly [string, ...string[]]>(intents: T) {
  return z.enum(intents, { message: "field.invalid" });
}

/** Reads a form body; a malformed one is the client's fault (400), never a 500. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw json({ message: "malformed form body" }, { status: 400 });
  }
}
