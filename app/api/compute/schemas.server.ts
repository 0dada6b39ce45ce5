import { createHash } from "node:crypto";
import { z } from "zod";
import { ApiError } from "./errors.server";

/**
 * What the center may send, exactly (docs/api/compute-v1.md). Unknown fields
 * are refused rather than ignored: a misspelt `minute` must not become a
 * default. Minutes are JSON integers in [1, MAX_MINUTES]: 1e308, 2^63, -5, 0,
 * "10abc" and "NaN" are all refused.
 */
export const MAX_MINUTES = 1_000_000;
/** A usage record may end a little in the future: the center's clock may run ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

const ID = /^[\x21-\x7e]{1,128}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

const id = z.string().regex(ID, "1 to 128 visible ASCII characters");
const minutes = z.number().int("an integer").min(1, "at least 1").max(MAX_MINUTES, `at most ${MAX_MINUTES}`);
const instant = z
  .string()
  .regex(ISO_UTC, "ISO 8601 in UTC, e.g. 2026-11-30T08:00:00Z")
  .refine((text) => {
    const parsed = new Date(text);
    // 2026-02-30 parses (rolling over); a real date reads back the same.
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === text.slice(0, 19);
  }, "not a real date and time");

export const holdBody = z.strictObject({
  holdId: id,
  account: id,
  pool: id,
  minutes,
  jobId: id,
});

export const usageBody = z
  .strictObject({
    recordId: id,
    holdId: id,
    account: id,
    pool: id,
    jobId: id,
    startedAt: instant,
    endedAt: instant,
    minutes,
  })
  .refine((b) => Date.parse(b.endedAt) >= Date.parse(b.startedAt), {
    message: "must not be before startedAt",
    path: ["endedAt"],
  })
  .refine((b) => Date.parse(b.endedAt) <= Date.now() + CLOCK_SKEW_MS, {
    message: "is in the future",
    path: ["endedAt"],
  });

/** The release body is empty or `{}`. */
export const releaseBody = z.strictObject({});

export function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field:
      issue.path.map(String).join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(",") : ""),
    problem: issue.code === "unrecognized_keys" ? "unknown field" : issue.message,
  }));
  throw new ApiError(
    "validation_failed",
    `Invalid body: ${fields.map((f) => `${f.field || "(body)"} ${f.problem}`).join("; ")}.`,
    { fields },
  );
}

/** The request as a fingerprint: the same fields and values, however the JSON was spaced or ordered. */
export function bodyHash(values: readonly unknown[]): string {
  return createHash("sha256").update(JSON.stringify(values)).digest("hex");
}
