import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseJsonBody } from "~/api/compute/authenticate.server";
import { recordUsage } from "~/api/compute/operations.server";
import { computeApi } from "~/api/compute/route.server";

// POST /api/compute/v1/usage — signed by a compute-center client (docs/api/compute-v1.md).
export const action = ({ request, context }: ActionFunctionArgs) =>
  computeApi(request, context, "POST", (signed) =>
    recordUsage(signed.clientId, parseJsonBody(request, signed.body)),
  );

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  computeApi(request, context, "POST", () => new Response(null));
