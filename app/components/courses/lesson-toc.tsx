import { useEffect, useState } from "react";
import type { TocEntry } from "~/courseware/types";
import { useT } from "~/i18n/use-t";
import { BackToTop } from "./back-to-top";

/**
 * The heading that is being read: the last one above the top third of the
 * viewport (or the first, before any is reached). An IntersectionObserver
 * tells when headings cross that line, instead of work on every scroll event.
 */
function useCurrentSection(ids: string[]): string | null {
  const [current, setCurrent] = useState<string | null>(null);
  const key = ids.join(" ");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `ids`
  useEffect(() => {
    const headings = ids
      .map((id) => document.getElementById(id))
      .filter((heading): heading is HTMLElement => heading !== null);
    if (headings.length === 0 || typeof IntersectionObserver === "undefined") return;
    const pick = () => {
      const line = window.innerHeight / 3;
      let found = headings[0];
      for (const heading of headings) if (heading.getBoundingClientRect().top <= line) found = heading;
      setCurrent(found?.id ?? null);
    };
    const observer = new IntersectionObserver(pick, { rootMargin: "0px 0px -66% 0px" });
    for (const heading of headings) observer.observe(heading);
    pick();
    return () => observer.disconnect();
  }, [key]);
  return current;
}

/**
 * In-page contents from the lesson's ## and ### headings; plain anchors, so it
 * works before hydration. Afterwards the section being read is marked.
 */
export function LessonToc({ toc, className }: { toc: TocEntry[]; className?: string }) {
  const t = useT();
  const current = useCurrentSection(toc.map((entry) => entry.id));
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
          {toc.map((entry) => {
            const active = entry.id === current;
            return (
              <li key={entry.id} className={entry.depth === 3 ? "pl-4" : undefined}>
                <a
                  href={`#${entry.id}`}
                  aria-current={active ? "location" : undefined}
                  className={`block rounded border-l-2 px-2 py-0.5 hover:bg-slate-100 hover:text-brand-700 ${active ? "border-brand-700 bg-brand-50 font-semibold text-brand-800" : "border-transparent text-slate-700"}`}
                >
                  {entry.text}
                </a>
              </li>
            );
          })}
        </ul>
        <p className="mt-3 hidden xl:block">
          <BackToTop />
        </p>
      </details>
    </nav>
  );
}
