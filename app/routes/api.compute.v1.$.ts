import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { answerComputeApi } from "~/api/compute/dispatch.server";

// Every request under /api/compute/v1/ (docs/api/compute-v1.md). In production the server answers these
// before Remix runs, with the same function; this route serves development and anything routed here.
export const loader = ({ request, context }: LoaderFunctionArgs) => answerComputeApi(request, context);

export const action = ({ request, context }: ActionFunctionArgs) => answerComputeApi(request, context);
