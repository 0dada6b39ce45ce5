import { useT } from "~/i18n/use-t";

/**
 * Without JavaScript a plain link to the lesson title. After hydration it goes
 * to the very top of the page and moves keyboard focus to the title, so the
 * next Tab continues from there.
 */
export function BackToTop({ className = "link text-sm" }: { className?: string }) {
  const t = useT();
  return (
    // biome-ignore lint/a11y/useValidAnchor: a real in-page link; the handler only improves where it lands
    <a
      href="#lesson-title"
      className={className}
      onClick={(event) => {
        const title = document.getElementById("lesson-title");
        if (!title) return;
        event.preventDefault();
        const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        window.scrollTo({ top: 0, behavior: smooth ? "smooth" : "auto" });
        title.focus({ preventScroll: true });
      }}
    >
      <span aria-hidden="true">↑ </span>
      {t("lesson.backToTop")}
    </a>
  );
}
