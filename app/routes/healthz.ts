import type { LoaderFunctionArgs } from "@remix-run/node";
import { databaseProblem } from "~/utils/boot.server";
import { contextOf } from "~/utils/context";
import { log } from "~/utils/log.server";

export function loader({ context }: LoaderFunctionArgs) {
  const problem = databaseProblem();
  if (problem) log("error", "health check failed", { requestId: contextOf(context).requestId, problem });
  return new Response(JSON.stringify({ ok: problem === null }), {
    status: problem ? 503 : 200,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
