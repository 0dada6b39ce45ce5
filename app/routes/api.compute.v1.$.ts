import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { computeApi } from "~/api/compute/route.server";

// Anything else under /api/compute/v1/: the API's JSON 404 (after the signature), not the site's page.
export const loader = ({ request, context }: LoaderFunctionArgs) =>
  computeApi(request, context, null, () => new Response(null));

export const action = ({ request, context }: ActionFunctionArgs) =>
  computeApi(request, context, null, () => new Response(null));
