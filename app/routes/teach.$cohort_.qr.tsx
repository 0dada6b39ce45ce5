import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useRef } from "react";
import { requireStaffCohort } from "~/auth/cohort-access.server";
import { CohortHeader } from "~/components/cohort-header";
import { Notice } from "~/components/forms";
import { getLocale } from "~/i18n/locale.server";
import { contentLang } from "~/i18n/locale";
import { useT } from "~/i18n/use-t";
import { displayJoinCode, lookupJoinCode } from "~/models/cohorts.server";
import { joinQrSvg } from "~/models/join-qr.server";
import { courseTitleOf } from "~/models/teaching.server";
import { calendarDay } from "~/utils/calendar-day";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "加入二维码 · Join QR" }];

/**
 * The join link as a QR code big enough to scan from the back of a lecture
 * hall: error correction Q (a smudged projector still reads), a wide quiet
 * zone, and the link and code in large type for those who type instead.
 * The link is absolute on the public origin (PUBLIC_URL in production, which
 * the server already makes the request's origin).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, cohort } = await requireStaffCohort(request, params.cohort);
  const locale = await getLocale(request, viewer);
  const url = new URL(`/join/${cohort.joinCode}`, request.url).toString();
  const now = Date.now();
  const open = lookupJoinCode(getDb(), cohort.joinCode, now, calendarDay(now)).status === "open";
  const svg = await joinQrSvg(url);
  return json(
    {
      cohort: { ...cohort, joinCode: displayJoinCode(cohort.joinCode) },
      course: (await courseTitleOf(contentLang(locale)))(cohort.courseId),
      url,
      joinPage: new URL("/join", request.url).toString(),
      svg,
      open,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export default function JoinQr() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const stage = useRef<HTMLElement>(null);
  return (
    <div className="space-y-6">
      <CohortHeader cohort={data.cohort} course={data.course} title={t("tabs.qr")} />
      {data.open ? null : <Notice tone="error">{t("qr.closed")}</Notice>}
      <p className="flex gap-3 print:hidden">
        <button
          type="button"
          className="btn-secondary"
          onClick={() => void stage.current?.requestFullscreen?.().catch(() => undefined)}
        >
          {t("qr.fullscreen")}
        </button>
        <button type="button" className="btn-secondary" onClick={() => window.print()}>
          {t("qr.print")}
        </button>
      </p>
      <section
        ref={stage}
        aria-labelledby="qr-title"
        className="flex flex-col items-center gap-4 overflow-auto bg-white p-4 text-center text-slate-900"
      >
        <h2 id="qr-title" className="text-3xl font-bold">
          {t("qr.title")}
        </h2>
        {/* Library-made SVG of our own URL: no user text inside. */}
        <div
          role="img"
          aria-label={t("qr.alt", { url: data.url })}
          className="w-full max-w-[min(80vh,640px)] [&>svg]:h-auto [&>svg]:w-full"
          data-testid="join-qr"
          dangerouslySetInnerHTML={{ __html: data.svg }}
        />
        <p className="break-all font-mono text-2xl sm:text-4xl" data-testid="join-url">
          {data.url}
        </p>
        <p className="text-xl sm:text-2xl">
          {t("qr.orVisit")} <span className="font-mono">{data.joinPage}</span> {t("qr.andEnter")}
        </p>
        <p className="font-mono text-5xl font-bold tracking-widest sm:text-7xl" data-testid="qr-code">
          {data.cohort.joinCode}
        </p>
      </section>
    </div>
  );
}
