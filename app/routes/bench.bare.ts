import { env } from "~/utils/env.server";

/**
 * The benchmark's yardstick: the cheapest possible Remix route, served by the
 * same process as the pages it is compared with. Off unless BENCH_ROUTE=1.
 */
export function loader() {
  if (env().BENCH_ROUTE !== "1") return new Response("Not Found", { status: 404 });
  return new Response("ok");
}
