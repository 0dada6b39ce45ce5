import { useId } from "react";

export interface ChartSeries {
  label: string;
  values: number[];
}

/** Fills told apart by shape as well as colour: solid, diagonal hatching, dots. */
const FILLS = ["solid", "hatch", "dots"] as const;
const COLOURS = ["#1d4ed8", "#b45309", "#047857"];

/** The smallest 1, 2 or 5 × 10ⁿ at or above the largest value, so the axis reads in round numbers. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((m) => m * power >= max) ?? 10;
  return step * power;
}

/**
 * A grouped bar chart drawn on the server as SVG: no chart runtime in the
 * browser. `role="img"` with a title and a description for screen readers;
 * every series has a legend in text, and the caller shows the same numbers
 * as a table beside it. `formatValue` writes numbers for the reader's locale.
 */
export function BarChart({
  title,
  description,
  categories,
  series,
  formatValue = String,
  width = 720,
  height = 300,
}: {
  title: string;
  description: string;
  categories: string[];
  series: ChartSeries[];
  formatValue?: (value: number) => string;
  width?: number;
  height?: number;
}) {
  const id = useId().replace(/:/g, "");
  const margin = { top: 16, right: 12, bottom: 56, left: 44 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const ticks = [0, top / 2, top];
  const band = categories.length ? plotW / categories.length : plotW;
  const barW = Math.max(1, (band * 0.8) / Math.max(1, series.length));
  const y = (value: number) => margin.top + plotH - (value / top) * plotH;
  // Label every category while they fit; otherwise every nth, always the first and last.
  const every = Math.max(1, Math.ceil(categories.length / 12));
  const showValues = categories.length * series.length <= 32;
  const fill = (i: number) => (FILLS[i % FILLS.length] === "solid" ? COLOURS[i % 3] : `url(#${id}-p${i})`);
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        className="h-auto w-full max-w-3xl"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <defs>
          {series.map((_, i) => (
            <pattern
              // biome-ignore lint/suspicious/noArrayIndexKey: one pattern per series position
              key={i}
              id={`${id}-p${i}`}
              width="6"
              height="6"
              patternUnits="userSpaceOnUse"
              patternTransform={FILLS[i % 3] === "hatch" ? "rotate(45)" : undefined}
            >
              <rect width="6" height="6" fill="#fff" />
              {FILLS[i % 3] === "hatch" ? (
                <rect width="3" height="6" fill={COLOURS[i % 3]} />
              ) : (
                <circle cx="3" cy="3" r="1.6" fill={COLOURS[i % 3]} />
              )}
            </pattern>
          ))}
        </defs>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke="#cbd5e1" />
            <text x={margin.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="12" fill="#334155">
              {formatValue(tick)}
            </text>
          </g>
        ))}
        {categories.map((category, c) => (
          <g key={category}>
            {series.map((s, i) => {
              const value = s.values[c] ?? 0;
              const x = margin.left + c * band + band * 0.1 + i * barW;
              return (
                <g key={s.label}>
                  <rect
                    x={x}
                    y={y(value)}
                    width={barW}
                    height={Math.max(0, margin.top + plotH - y(value))}
                    fill={fill(i)}
                    stroke={COLOURS[i % 3]}
                  />
                  {showValues && value > 0 ? (
                    <text x={x + barW / 2} y={y(value) - 3} textAnchor="middle" fontSize="11" fill="#0f172a">
                      {formatValue(value)}
                    </text>
                  ) : null}
                </g>
              );
            })}
            {c % every === 0 || c === categories.length - 1 ? (
              <text
                x={margin.left + c * band + band / 2}
                y={height - margin.bottom + 16}
                textAnchor="end"
                fontSize="11"
                fill="#334155"
                transform={`rotate(-35 ${margin.left + c * band + band / 2} ${height - margin.bottom + 16})`}
              >
                {category}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-4 text-sm">
          {series.map((s, i) => (
            <li key={s.label} className="inline-flex items-center gap-2">
              <svg width="16" height="16" aria-hidden="true">
                <rect width="16" height="16" fill={fill(i)} stroke={COLOURS[i % 3]} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
