import { useId } from "react";
import { useT } from "~/i18n/use-t";

interface Month {
  month: string;
  capacity: number;
  issued: number;
  redeemed: number;
  used: number;
}

const SERIES = [
  { key: "issued", color: "#6366f1" },
  { key: "redeemed", color: "#0ea5e9" },
  { key: "used", color: "#16a34a" },
] as const;

/**
 * Issued, redeemed and used minutes per month as grouped bars, capacity as a
 * dashed line. Drawn on the server as plain SVG; the same numbers are in the
 * table beside it, which is what assistive technology reads. Each bar names
 * its month, series and minutes in data attributes, so the drawing can be
 * checked against the table.
 */
export function PoolChart({ title, months }: { title: string; months: Month[] }) {
  const t = useT();
  const id = useId();
  const W = 640;
  const H = 220;
  const top = 12;
  const bottom = 28;
  const left = 8;
  const max = Math.max(1, ...months.flatMap((m) => [m.capacity, m.issued, m.redeemed, m.used]));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const slot = (W - left) / months.length;
  const bar = slot / 5;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-labelledby={`${id}-t`}>
        <title id={`${id}-t`}>{title}</title>
        {months.map((m, i) => (
          <g key={m.month} data-month={m.month}>
            {SERIES.map((s, j) => (
              <rect
                key={s.key}
                data-series={s.key}
                data-minutes={m[s.key]}
                x={left + i * slot + bar * (j + 0.75)}
                y={y(m[s.key])}
                width={bar * 0.9}
                height={Math.max(0, H - bottom - y(m[s.key]))}
                fill={s.color}
              />
            ))}
            <line
              x1={left + i * slot + bar * 0.5}
              x2={left + i * slot + bar * 4}
              y1={y(m.capacity)}
              y2={y(m.capacity)}
              stroke="#b91c1c"
              strokeDasharray="4 3"
              strokeWidth={2}
            />
            <text x={left + i * slot + slot / 2} y={H - 8} textAnchor="middle" fontSize="12" fill="#334155">
              {m.month}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-sm">
        {SERIES.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1">
            <span aria-hidden="true" className="inline-block h-3 w-3" style={{ background: s.color }} />
            {t(`reports.${s.key}`)}
          </span>
        ))}
        <span className="inline-flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-0 w-4 border-t-2 border-dashed border-red-700" />
          {t("reports.capacity")}
        </span>
      </figcaption>
    </figure>
  );
}
