import escapeHtml from "escape-html";
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

/** What a row of the progress matrix shows (the route's loader data). */
export interface MatrixRow {
  userId: number;
  name: string;
  studentNumber: string | null;
  percent: number;
  lastActivity: number | null;
  quizAverage: number | null;
  inactive: boolean;
  belowPassMark: boolean;
  /** One state code (STATE_CODES) per lesson column. */
  states: string;
  scores: (number | null)[];
}

/** The words and formats the rows need, translated and built once per page. */
export interface MatrixText {
  stateLabels: Record<CellState, string>;
  never: string;
  noScore: string;
  none: string;
  inactive: string;
  belowPass: string;
  date: (value: number) => string;
}

/**
 * The matrix's rows as HTML, for the table body's innerHTML: 50 × 40 cells a
 * page were most of the page's render as React elements (two per cell), and
 * the rows hold nothing interactive but the student's link (a plain link:
 * it loads the student's page as a document). Every text is escaped with
 * escape-html; numbers are formatted from numbers; state codes outside
 * STATE_CODES draw as "not started". The markup is the one the components
 * above would render (the `mc` styles in tailwind.css draw the cells).
 */
export function matrixBodyHtml(cohortId: number, columns: number, rows: MatrixRow[], text: MatrixText) {
  if (rows.length === 0) return `<tr><td colspan="${5 + columns}">${escapeHtml(text.none)}</td></tr>`;
  // Each state's cell up to its score, built once (a Map: a code is never looked up as a property).
  const open = new Map(
    Object.entries(STATE_CODES).map(([code, state]) => [
      code,
      `<td class="mc ${code}"><span>${escapeHtml(text.stateLabels[state])}</span>`,
    ]),
  );
  const notStarted = open.get("n") ?? "";
  const parts: string[] = [];
  for (const row of rows) {
    const href = `/teach/${Number(cohortId)}/students/${Number(row.userId)}`;
    parts.push(
      `<tr><th scope="row" class="sticky left-0 z-10 bg-white text-left font-normal"><a href="${href}" class="link font-medium">${escapeHtml(row.name)}</a>`,
      row.studentNumber ? `<div class="text-xs text-slate-600">${escapeHtml(row.studentNumber)}</div>` : "",
      `</th><td class="tabular-nums">${Number(row.percent)}%</td><td class="whitespace-nowrap">`,
      escapeHtml(row.lastActivity === null ? text.never : text.date(row.lastActivity)),
      `</td><td class="tabular-nums">`,
      row.quizAverage === null ? escapeHtml(text.noScore) : String(Number(row.quizAverage)),
      `</td><td><ul class="space-y-1 text-xs">`,
      row.inactive
        ? `<li class="rounded bg-amber-100 px-1 text-amber-900">⚠ ${escapeHtml(text.inactive)}</li>`
        : "",
      row.belowPassMark
        ? `<li class="rounded bg-red-100 px-1 text-red-900">⚠ ${escapeHtml(text.belowPass)}</li>`
        : "",
      "</ul></td>",
    );
    for (let i = 0; i < columns; i++) {
      const score = row.scores[i];
      parts.push(
        open.get(row.states[i] ?? "") ?? notStarted,
        typeof score === "number" ? ` ${Number(score)}</td>` : "</td>",
      );
    }
    parts.push("</tr>");
  }
  return parts.join("");
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
