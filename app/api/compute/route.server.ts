import type { AppLoadContext } from "@remix-run/node";
import { getDb, isDatabaseBusy } from "~db/client.server";
import { signingSecrets } from "~/models/compute-clients.server";
import { contextOf } from "~/utils/context";
import { errorFields, log } from "~/utils/log.server";
import { type ApiRequest, type SignedRequest, authenticate } from "./authenticate.server";
import { ApiError, type ApiAnswer, apiError } from "./errors.server";

/**
 * Every /api/compute/v1 route goes through here: authenticate the signature
 * (before anything else, so a stranger learns nothing, not even which methods
 * exist), check the method, run the handler, and answer every failure as the
 * API's JSON error. The handler never sees cookies (the server strips them).
 */
export function computeApi(
  request: ApiRequest,
  context: AppLoadContext | undefined,
  method: "GET" | "POST" | null,
  handle: (signed: SignedRequest) => ApiAnswer,
): ApiAnswer {
  const { requestId, outcome } = contextOf(context);
  try {
    const signed = authenticate(request, (id) => signingSecrets(getDb(), id));
    if (method === null) throw new ApiError("not_found", "No such endpoint in /api/compute/v1.");
    if (request.method !== method) {
      return apiError("method_not_allowed", `Use ${method}.`, {}, { Allow: method });
    }
    return handle(signed);
  } catch (error) {
    if (error instanceof ApiError) return error.toAnswer();
    const busy = isDatabaseBusy(error);
    if (busy && outcome) outcome.databaseBusy = true;
    log(busy ? "warn" : "error", busy ? "database busy" : "compute api failed", {
      requestId,
      method: request.method,
      path: request.target,
      ...errorFields(error),
    });
    // Nothing was written: every write is one transaction, rolled back by the throw.
    return busy
      ? apiError(
          "service_unavailable",
          "The service is busy; retry after the Retry-After delay.",
          {},
          {
            "Retry-After": "2",
          },
        )
      : apiError("internal_error", "Something went wrong on our side; retry later.", { requestId });
  }
}
