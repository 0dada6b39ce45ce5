import type { CellState } from "~/models/cohort-progress";
import { useT } from "~/i18n/use-t";

/** Shape and text, never colour alone: a filled check, a half circle, an empty circle. */
const ICONS: Record<CellState, { glyph: string; className: string }> = {
  complete: { glyph: "✓", className: "bg-emerald-700 text-white" },
  started: { glyph: "◐", className: "bg-amber-100 text-amber-900 ring-1 ring-amber-700" },
  "not-started": { glyph: "○", className: "bg-white text-slate-500 ring-1 ring-slate-400" },
};

export function StateIcon({ state }: { state: CellState }) {
  const icon = ICONS[state];
  return (
    <span
      aria-hidden="true"
      className={`inline-flex h-6 w-6 items-center justify-center rounded-full text-sm ${icon.className}`}
    >
      {icon.glyph}
    </span>
  );
}

/** States as one letter each in the matrix's data: 2,000 cells a page add up. */
export const STATE_CODES: Record<string, CellState> = { c: "complete", s: "started", n: "not-started" };

/**
 * A matrix cell: the same icon (drawn by the `mc` styles in tailwind.css) and
 * state name (visually hidden by the same styles) as LessonCellView in a
 * fraction of the markup; the score is the cell's own text, not an element. Called as a plain function, not rendered as a
 * component, since a page holds 50 × 40 of them.
 */
export function matrixCell(key: string, code: string, score: number | null, label: string) {
  return (
    <td key={key} className={`mc ${code}`}>
      <span>{label}</span>
      {score !== null ? ` ${score}` : null}
    </td>
  );
}

/** One lesson of one student: the icon, its name for screen readers, and the quiz score if any. */
export function LessonCellView({ state, score }: { state: CellState; score: number | null }) {
  const t = useT();
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <StateIcon state={state} />
      <span className="sr-only">{t(`progress.state.${state}`)}</span>
      {score !== null ? <span className="text-xs tabular-nums">{score}</span> : null}
    </span>
  );
}

export function StateLegend() {
  const t = useT();
  const states: CellState[] = ["complete", "started", "not-started"];
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700">
      <span className="font-medium">{t("progress.legend")}</span>
      {states.map((state) => (
        <span key={state} className="inline-flex items-center gap-1">
          <StateIcon state={state} />
          {t(`progress.state.${state}`)}
        </span>
      ))}
    </div>
  );
}
