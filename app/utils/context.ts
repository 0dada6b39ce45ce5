/** What the HTTP server hands every loader and action (see scripts/serve.ts). */
export interface RequestContext {
  requestId: string;
  clientIp: string;
  nonce: string;
  /** Filled in while the request runs; the server reads it before sending the response. */
  outcome?: { databaseBusy?: boolean };
}

declare module "@remix-run/node" {
  interface AppLoadContext extends RequestContext {}
}

export function contextOf(context: Partial<RequestContext> | undefined): RequestContext {
  return {
    requestId: context?.requestId ?? "local",
    clientIp: context?.clientIp ?? "unknown",
    nonce: context?.nonce ?? "",
    outcome: context?.outcome,
  };
}
