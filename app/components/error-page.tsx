import { Link } from "@remix-run/react";
import { useState } from "react";
import { type RoleName, isRole } from "~/auth/permissions";
import { useT } from "~/i18n/use-t";
import { useRequestId } from "~/utils/request-id";

interface ErrorData {
  forbidden?: boolean;
  role?: RoleName;
  permission?: string;
  message?: string;
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
    const what = isRole(info.role)
      ? t("perm.role", { role: t(`role.${info.role}`) })
      : info.permission
        ? t("perm.permission", { permission: info.permission })
        : t("perm.signedIn");
    title = t("error.forbidden");
    text = t("error.forbiddenText", { what });
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
