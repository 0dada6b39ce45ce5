import type { AppLoadContext } from "@remix-run/node";
import type { Viewer } from "~/auth/session.server";
import type { Actor } from "~/models/audit.server";
import { contextOf } from "./context";

export function actorOf(viewer: Viewer, context: AppLoadContext | undefined): Actor {
  return { id: viewer.id, label: viewer.email, requestId: contextOf(context).requestId };
}
