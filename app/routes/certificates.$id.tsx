import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { formatDateTime } from "~/i18n/locale";
import { makeT } from "~/i18n/t";
import { certificateJson, qrSvg } from "~/models/certificate-page.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.certificate.student} · ${data.certificate.course.en} · 证书 Certificate`
      : "证书 Certificate",
  },
];

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

/** Public verification: anyone holding the link (or the QR code) sees what it certifies and whether it still stands. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const certificate = await certificateJson(getDb(), params.id ?? "");
  if (!certificate) throw json({ notFound: true }, { status: 404 });
  const url = new URL(request.url);
  const self = `${url.origin}/certificates/${certificate.id}`;
  return json({ certificate, self, qr: await qrSvg(self) }, { headers: { "Cache-Control": "no-cache" } });
}

/** Both languages side by side, whatever the reader's: a certificate is shown to people of either. */
function Both({
  k,
  params,
}: {
  k: Parameters<ReturnType<typeof makeT>>[0];
  params?: Record<string, string>;
}) {
  return (
    <>
      <span lang="zh-CN">{makeT("zh-CN")(k, params)}</span>
      <span className="mx-1 text-slate-400" aria-hidden="true">
        ·
      </span>
      <span lang="en">{makeT("en")(k, params)}</span>
    </>
  );
}

export default function CertificatePage() {
  const { certificate: c, self, qr } = useLoaderData<typeof loader>();
  const revoked = c.status === "revoked";
  const rows: [Parameters<ReturnType<typeof makeT>>[0], string][] = [
    ["certificate.student", c.student],
    ["certificate.course", `${c.course.zh} · ${c.course.en}`],
    ["certificate.university", `${c.university.zh} · ${c.university.en}`],
    ["certificate.cohort", c.cohort.name],
    ["certificate.term", c.cohort.term],
    [
      "certificate.issuedAt",
      `${formatDateTime("zh-CN", new Date(c.issuedAt), "date")} · ${formatDateTime("en", new Date(c.issuedAt), "date")}`,
    ],
  ];
  return (
    <article
      className="card mx-auto max-w-3xl print:max-w-none print:border-0 print:shadow-none"
      aria-labelledby="certificate-title"
    >
      <h1 id="certificate-title" className="text-center text-2xl font-bold">
        <Both k="certificate.title" />
      </h1>
      <p className="mt-4 text-center text-slate-700" lang="zh-CN">
        {makeT("zh-CN")("certificate.statement", { student: c.student, course: c.course.zh })}
      </p>
      <p className="mt-1 text-center text-slate-700" lang="en">
        {makeT("en")("certificate.statement", { student: c.student, course: c.course.en })}
      </p>
      <div
        role={revoked ? "alert" : "status"}
        className={`mt-6 rounded-md border px-4 py-3 text-center font-semibold ${revoked ? "border-red-300 bg-red-50 text-red-900" : "border-green-300 bg-green-50 text-green-900"}`}
        data-certificate-status={c.status}
      >
        <Both k="certificate.status" />: <Both k={revoked ? "certificate.revoked" : "certificate.valid"} />
        {revoked && c.revokedAt ? (
          <p className="mt-2 font-normal">
            <span lang="zh-CN">
              {makeT("zh-CN")("certificate.revokedLine", {
                date: formatDateTime("zh-CN", new Date(c.revokedAt), "date"),
                reason: c.revokedReason ?? "",
              })}
            </span>{" "}
            <span lang="en">
              {makeT("en")("certificate.revokedLine", {
                date: formatDateTime("en", new Date(c.revokedAt), "date"),
                reason: c.revokedReason ?? "",
              })}
            </span>
          </p>
        ) : null}
      </div>
      <div className="mt-6 grid gap-6 sm:grid-cols-[1fr_auto] print:grid-cols-[1fr_auto]">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          {rows.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="font-semibold text-slate-600">
                <Both k={key} />
              </dt>
              <dd className="break-words">{value}</dd>
            </div>
          ))}
          <dt className="font-semibold text-slate-600">
            <Both k="certificate.id" />
          </dt>
          <dd className="break-all font-mono">{c.id}</dd>
        </dl>
        <figure className="mx-auto w-40">
          {/* Library-made SVG of our own URL: no user text inside. */}
          <div
            role="img"
            aria-label={`${makeT("zh-CN")("certificate.qr")} · ${makeT("en")("certificate.qr")}`}
            dangerouslySetInnerHTML={{ __html: qr }}
          />
          <figcaption className="mt-2 break-all text-center text-xs text-slate-600">{self}</figcaption>
        </figure>
      </div>
      <p className="mt-6 text-center text-xs text-slate-600">
        <Both k="certificate.verify" />
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status !== 404) return <ErrorPage status={status} />;
  return (
    <section className="card mx-auto max-w-xl" aria-labelledby="certificate-missing">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 id="certificate-missing" className="mt-1 text-2xl font-bold">
        <Both k="certificate.notFound" />
      </h1>
      <p className="mt-3 text-slate-700">
        <Both k="certificate.notFoundText" />
      </p>
    </section>
  );
}
