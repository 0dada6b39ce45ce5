import type { AppLoadContext } from "@remix-run/node";
import type { Viewer } from "~/auth/session.server";
import type { Actor } from "~/models/audit.server";
import { contextOf } from "./context";

export function actorOf(viewer: Viewer, context: AppLoadContext | undefined): Actor {
  return { id: viewer.id, label: viewer.email, requestId: contextOf(context).requestId };
}

/** Reads `?page=` and `?q=` the same way on every list. */
export function listParams(request: Request) {
  const params = new URL(request.url).searchParams;
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    params,
    q: (params.get("q") ?? "").trim().slice(0, 200),
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1,
  };
}
