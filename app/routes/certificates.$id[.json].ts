import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { certificateJson } from "~/models/certificate-page.server";
import { getDb } from "~db/client.server";

/** Public: verification for machines. The revocation reason is for the page; the JSON says only the status and date. */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await certificateJson(getDb(), params.id ?? "");
  const headers = {
    "Cache-Control": "no-cache",
    "Access-Control-Allow-Origin": "*",
    "X-Content-Type-Options": "nosniff",
  };
  if (!found) return json({ error: "not_found" }, { status: 404, headers });
  const { revokedReason: _reason, ...body } = found;
  return json(body, { headers });
}
