/**
 * The API's error answers: `{"error": {"code", "message", ...}}` with a stable
 * code a center's client can switch on. Messages are English prose for the
 * center's engineers; the code is the contract.
 */
export const API_ERRORS = {
  invalid_signature: 401,
  stale_timestamp: 401,
  unknown_client: 401,
  validation_failed: 400,
  unknown_account: 404,
  unknown_pool: 404,
  unknown_hold: 404,
  not_found: 404,
  method_not_allowed: 405,
  insufficient_balance: 409,
  idempotency_conflict: 409,
  hold_closed: 409,
  length_required: 411,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export const JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
} as const;

export function apiErrorBody(
  code: ApiErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({ error: { code, message, ...extra } });
}

/** An answer of the API: built without web Response objects, which cost more than the work on a hot path. */
export interface ApiAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export function apiError(
  code: ApiErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): ApiAnswer {
  return {
    status: API_ERRORS[code],
    body: apiErrorBody(code, message, extra),
    headers: { ...JSON_HEADERS, ...headers },
  };
}

/** For Remix's route, which answers with a Response. */
export function toResponse(answer: ApiAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** Thrown inside the API's handlers and turned into its JSON answer at the edge. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  toAnswer(): ApiAnswer {
    return apiError(this.code, this.message, this.extra);
  }
}
