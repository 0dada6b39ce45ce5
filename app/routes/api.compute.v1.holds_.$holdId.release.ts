import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { parseJsonBody } from "~/api/compute/authenticate.server";
import { cancelHold } from "~/api/compute/operations.server";
import { computeApi } from "~/api/compute/route.server";

// POST /api/compute/v1/holds/:holdId/release — signed by a compute-center client (docs/api/compute-v1.md).
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  computeApi(request, context, "POST", (signed) =>
    cancelHold(
      signed.clientId,
      params.holdId ?? "",
      signed.body === "" ? {} : parseJsonBody(request, signed.body),
    ),
  );

export const loader = ({ request, context }: LoaderFunctionArgs) =>
  computeApi(request, context, "POST", () => new Response(null));
