import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { recordTimeBatch } from "~/models/time-batch.server";

const PRIVATE = { "Cache-Control": "private, no-store" };

/**
 * A batch of reading time for one lesson (app/models/time-batch.server.ts).
 * In production the server answers this path itself with the same function,
 * before Remix; this route serves development and the request-handler tests.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const body = await request.text();
  const answer = await recordTimeBatch({
    cookie: request.headers.get("Cookie"),
    courseSlug: params.course ?? "",
    lessonSlug: params.lesson ?? "",
    body,
  });
  if (answer.status === 204) return new Response(null, { status: 204, headers: PRIVATE });
  return json({ message: answer.message }, { status: answer.status, headers: PRIVATE });
}
