import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiRequestOf } from "~/api/compute/authenticate.server";
import { answerComputeApi } from "~/api/compute/dispatch.server";
import { toResponse } from "~/api/compute/errors.server";

// Every request under /api/compute/v1/ (docs/api/compute-v1.md). In production the server answers these
// before Remix runs, with the same function; this route serves development and anything routed here.
export const loader = async ({ request, context }: LoaderFunctionArgs) =>
  toResponse(answerComputeApi(await apiRequestOf(request), context));

export const action = async ({ request, context }: ActionFunctionArgs) =>
  toResponse(answerComputeApi(await apiRequestOf(request), context));
