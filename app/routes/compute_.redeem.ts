import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { MAX_REDEEM_BYTES, redeemFromPage } from "~/models/redeem.server";
import { contextOf } from "~/utils/context";

// POST /compute/redeem: the redeem form's script. In production the server answers it before Remix runs,
// with the same function; this route serves development. The page's own action serves forms without script.
export async function action({ request, context }: ActionFunctionArgs) {
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > MAX_REDEEM_BYTES) return json({ message: "too large" }, { status: 413 });
  const { status, answer } = await redeemFromPage({
    cookie: request.headers.get("Cookie"),
    body: await request.text(),
    clientIp: contextOf(context).clientIp ?? "unknown",
  });
  return json(answer, { status, headers: { "Cache-Control": "private, no-store" } });
}
