import { databaseAnswers } from "~/utils/boot.server";

export function loader() {
  const ok = databaseAnswers();
  return new Response(JSON.stringify({ ok }), {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
