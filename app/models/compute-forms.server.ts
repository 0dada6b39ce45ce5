import { z } from "zod";
import type { MessageKey } from "~/i18n/messages";
import { idField, intentField, textField } from "~/utils/forms.server";
import { BATCH_LIMITS } from "./vouchers.server";

/**
 * Form schemas of the compute pages, built here (server-only) so route
 * modules never build them at their top level.
 */

/** A whole number written plainly: no sign, exponent, decimals or trailing junk ("10abc", "1e308", "NaN" fail). */
export function wholeNumber(min: number, max: number, rangeKey: MessageKey) {
  return z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, "field.wholeNumber")
    .transform(Number)
    .pipe(z.number().int().min(min, rangeKey).max(max, rangeKey));
}

/** A calendar day `YYYY-MM-DD` that exists, read as the end of that day in Beijing time. */
export const endOfDayField = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "field.date")
  .refine((day) => {
    const d = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
  }, "field.date")
  .transform((day) => new Date(`${day}T23:59:59.999+08:00`));

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export function poolSchemas() {
  const fields = {
    slug: z.string().trim().regex(SLUG, "pools.slugHint"),
    nameZh: textField(100),
    nameEn: textField(100),
    hardwareZh: textField(300),
    hardwareEn: textField(300),
    capacityMinutesPerMonth: wholeNumber(1, 1_000_000_000, "field.capacityRange"),
    overcommitPercent: wholeNumber(100, 1000, "field.overcommitRange"),
  };
  return {
    intent: z.object({ intent: intentField(["create", "update", "retire", "reactivate"]) }),
    create: z.object({ intent: z.literal("create"), ...fields }),
    update: z.object({ intent: z.literal("update"), id: idField, ...fields }),
    status: z.object({ intent: z.enum(["retire", "reactivate"]), id: idField }),
  };
}

export function batchSchemas() {
  return {
    intent: z.object({ intent: intentField(["issue", "revoke", "clawback"]) }),
    issue: z.object({
      intent: z.literal("issue"),
      poolId: idField,
      count: wholeNumber(1, BATCH_LIMITS.countMax, "field.countRange"),
      minutesEach: wholeNumber(1, BATCH_LIMITS.minutesMax, "field.minutesRange"),
      expiresOn: endOfDayField,
      purpose: textField(BATCH_LIMITS.purposeMax),
      cohortId: z.union([z.literal("").transform(() => null), idField]),
    }),
    revoke: z.object({ intent: z.literal("revoke"), id: idField }),
    clawback: z.object({ intent: z.literal("clawback"), id: idField, reason: textField(300) }),
  };
}

// Built once: a redemption is a hot path, and zod compiles a schema on its first parse.
let redeem: z.ZodObject<{ code: z.ZodString }> | undefined;
export function redeemSchema() {
  redeem ??= z.object({ code: z.string().max(100, "field.tooLong").min(1, "field.required") });
  return redeem;
}

export function grantSchemas() {
  return {
    intent: z.object({ intent: intentField(["grant", "approve", "decline"]) }),
    grant: z.object({
      intent: z.literal("grant"),
      poolId: idField,
      cohortId: idField,
      minutes: wholeNumber(1, BATCH_LIMITS.minutesMax, "field.minutesRange"),
      expiresOn: endOfDayField,
      laterUntil: z.union([z.literal("").transform(() => null), endOfDayField]),
      purpose: textField(BATCH_LIMITS.purposeMax),
    }),
    approve: z.object({ intent: z.literal("approve"), id: idField, expiresOn: endOfDayField }),
    decline: z.object({ intent: z.literal("decline"), id: idField, reason: textField(300) }),
  };
}

export function requestSchema() {
  return z.object({
    poolId: idField,
    minutes: wholeNumber(1, BATCH_LIMITS.minutesMax, "field.minutesRange"),
    reason: textField(500),
  });
}
