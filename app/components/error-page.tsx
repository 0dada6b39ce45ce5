import { Link, useRouteLoaderData } from "@remix-run/react";
import { useState } from "react";
import { type RoleName, can, isRole } from "~/auth/permissions";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import { useRequestId } from "~/utils/request-id";

interface ErrorData {
  forbidden?: boolean;
  /** Who may open a forbidden page (see requireUser). */
  roles?: unknown;
  message?: string;
}

/** Where each role can go instead: its own pages, never the one it was refused. */
function placesFor(role: RoleName | null): { to: string; label: MessageKey }[] {
  if (!role)
    return [
      { to: "/login", label: "nav.login" },
      { to: "/courses", label: "course.browseCatalogue" },
    ];
  const places: { to: string; label: MessageKey }[] = [
    { to: "/courses", label: "course.browseCatalogue" },
    { to: "/account", label: "nav.account" },
  ];
  if (can(role, "admin:users")) places.push({ to: "/admin", label: "nav.admin" });
  return places;
}

/** A 403 that says who the page is for and what this viewer can do instead. */
function Forbidden({ roles }: { roles: RoleName[] }) {
  const t = useT();
  const locale = useLocale();
  const viewerRole = useRouteLoaderData<{ role: RoleName | null }>("root")?.role ?? null;
  const audience = new Intl.ListFormat(locale, { type: "disjunction" }).format(
    roles.map((role) => t(`perm.audience.${role}`)),
  );
  return (
    <>
      <p className="mt-3 text-slate-700">
        {roles.length > 0 ? t("error.forbiddenText", { audience }) : t("error.forbiddenAny")}
        {viewerRole ? ` ${t("error.signedInAs", { role: t(`role.${viewerRole}`) })}` : null}
      </p>
      <p className="mt-4 font-medium">{t("error.forbiddenInstead")}</p>
      <ul className="mt-2 space-y-2">
        {placesFor(viewerRole).map((place) => (
          <li key={place.to}>
            <Link to={place.to} className="link">
              {t(place.label)}
            </Link>
          </li>
        ))}
      </ul>
      <p className="mt-4 text-sm text-slate-600">{t("error.forbiddenAsk")}</p>
    </>
  );
}

function RequestIdLine() {
  const t = useT();
  const fromServer = useRequestId();
  // The server renders the id; the client keeps what the server rendered.
  const [id] = useState(() =>
    typeof document === "undefined" ? fromServer : (document.getElementById("request-id")?.textContent ?? ""),
  );
  if (!id) return null;
  return (
    <p className="mt-4 text-sm text-slate-600">
      {t("error.requestId")}: <code id="request-id">{id}</code>
    </p>
  );
}

/** A friendly page for any status; never shows internals. */
export function ErrorPage({ status, data }: { status: number; data?: unknown }) {
  const t = useT();
  const info = (typeof data === "object" && data !== null ? data : {}) as ErrorData;
  let title = t("error.title");
  let text = t("error.text");
  if (status === 404) {
    title = t("error.notFound");
    text = t("error.notFoundText");
  } else if (status === 403) {
    const roles = Array.isArray(info.roles) ? info.roles.filter(isRole) : [];
    return (
      <section className="card mx-auto max-w-xl" aria-labelledby="error-title">
        <p className="text-sm font-semibold text-slate-500">{status}</p>
        <h1 id="error-title" className="mt-1 text-2xl font-bold">
          {t("error.forbidden")}
        </h1>
        <Forbidden roles={roles} />
      </section>
    );
  } else if (status === 400 || status === 413) {
    title = t("error.badRequest");
    text = typeof info.message === "string" ? info.message : t("error.badRequest");
  }
  return (
    <section className="card mx-auto max-w-xl" aria-labelledby="error-title">
      <p className="text-sm font-semibold text-slate-500">{status}</p>
      <h1 id="error-title" className="mt-1 text-2xl font-bold">
        {title}
      </h1>
      <p className="mt-3 text-slate-700">{text}</p>
      {status >= 500 ? <RequestIdLine /> : null}
      <p className="mt-6">
        <Link to="/" className="link">
          {t("error.goHome")}
        </Link>
      </p>
    </section>
  );
}
