import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { computeApi } from "~/api/compute/route.server";
import { getBalances } from "~/api/compute/operations.server";

// GET /api/compute/v1/accounts/:account — signed by a compute-center client (docs/api/compute-v1.md).
export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  computeApi(request, context, "GET", () => getBalances(params.account ?? ""));

export const action = ({ request, context }: ActionFunctionArgs) =>
  computeApi(request, context, "GET", () => new Response(null));
