import type { TocEntry } from "~/courseware/types";
import { useT } from "~/i18n/use-t";

/** In-page contents from the lesson's ## and ### headings; plain anchors, so it works before hydration. */
export function LessonToc({ toc, className }: { toc: TocEntry[]; className?: string }) {
  const t = useT();
  if (toc.length === 0) return null;
  return (
    <nav aria-labelledby="lesson-toc-title" className={className}>
      <details
        open
        className="group rounded-md border border-slate-200 bg-white p-3 xl:border-0 xl:bg-transparent xl:p-0"
      >
        <summary
          id="lesson-toc-title"
          className="cursor-pointer text-sm font-semibold uppercase tracking-wide text-slate-600"
        >
          {t("lesson.toc")}
        </summary>
        <ul className="mt-2 space-y-1 text-sm">
          {toc.map((entry) => (
            <li key={entry.id} className={entry.depth === 3 ? "pl-4" : undefined}>
              <a
                href={`#${entry.id}`}
                className="block rounded px-1 py-0.5 text-slate-700 hover:bg-slate-100 hover:text-brand-700"
              >
                {entry.text}
              </a>
            </li>
          ))}
        </ul>
      </details>
    </nav>
  );
}
