import { can } from "~/auth/permissions";
import { type Viewer, viewerOfCookieHeader } from "~/auth/session.server";
import { formatDateTime } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import type { FieldErrors } from "~/components/forms";
import { parseForm } from "~/utils/forms.server";
import { inWriteBatch } from "~/utils/write-batch.server";
import { type Db, getDb } from "~db/client.server";
import { redeemSchema } from "./compute-forms.server";
import { recordRedeemFailure, redeemLockedUntil } from "./redeem-throttle.server";
import { redeemCode } from "./vouchers.server";

/** What the redeem form shows next: the credit, or the field's error with the code kept. */
export interface RedeemAnswer {
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
  redeemed?: { minutes: number; nameZh: string; nameEn: string; expiresAt: string };
}

/**
 * A student redeems a typed code: form checks, the failure throttle, the
 * redemption, and the answer for the form. One function for both ways in:
 * the page's form action (without JavaScript) and `POST /compute/redeem`,
 * which the page's script calls and the server answers before Remix in
 * production (a class redeeming at the start of a lab session is a burst).
 */
export function redeemFor(
  db: Db,
  viewer: Viewer,
  form: FormData | URLSearchParams,
  clientIp: string,
): { status: 200 | 400 | 404 | 429; answer: RedeemAnswer } {
  const parsed = parseForm(form, redeemSchema());
  if (!parsed.ok) return { status: 400, answer: { fieldErrors: parsed.fieldErrors, values: parsed.values } };
  const values = { code: parsed.data.code };
  const lockedUntil = redeemLockedUntil(db, viewer.id, clientIp);
  if (lockedUntil) {
    const time = formatDateTime(viewer.locale, lockedUntil);
    return {
      status: 429,
      answer: { fieldErrors: { code: { key: "compute.error.throttled", params: { time } } }, values },
    };
  }
  const result = redeemCode(db, viewer.id, parsed.data.code);
  if (!result.ok) {
    // Redeeming your own code twice is not a guess; everything else counts against the limit.
    if (result.reason !== "used_by_you") recordRedeemFailure(db, viewer.id, clientIp);
    const key = `compute.error.${result.reason}` as MessageKey;
    return {
      status: result.reason === "unknown" ? 404 : 400,
      answer: { fieldErrors: { code: { key } }, values },
    };
  }
  return {
    status: 200,
    answer: {
      redeemed: {
        minutes: result.minutes,
        nameZh: result.pool.nameZh,
        nameEn: result.pool.nameEn,
        expiresAt: result.expiresAt.toISOString(),
      },
    },
  };
}

/** A redeem form is one short field; anything bigger is not the page's. */
export const MAX_REDEEM_BYTES = 1024;

/**
 * `POST /compute/redeem` (url-encoded `code`), as the page's script sends it:
 * JSON in the form's shape, or `{ message }` when no signed-in student sent it.
 * The Origin check and the size limit are the server's, before this runs.
 */
export async function redeemFromPage(input: {
  cookie: string | null | undefined;
  body: string;
  clientIp: string;
}): Promise<{ status: number; answer: RedeemAnswer | { message: string } }> {
  if (Buffer.byteLength(input.body) > MAX_REDEEM_BYTES)
    return { status: 413, answer: { message: "too large" } };
  const viewer = await viewerOfCookieHeader(input.cookie ?? undefined);
  if (!viewer) return { status: 401, answer: { message: "not signed in" } };
  if (!can(viewer.role, "compute:use")) return { status: 403, answer: { message: "not a student" } };
  const form = new URLSearchParams(input.body);
  // With the other writes of this turn (a class redeeming at once), in one transaction (decision 020).
  return inWriteBatch(() => redeemFor(getDb(), viewer, form, input.clientIp));
}
