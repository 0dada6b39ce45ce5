import { forwardRef, useContext, useState } from "react";
import { LessonHtmlContext } from "./html-context";

type Lookup = ((key: string) => string | undefined) | null;

/**
 * The body comes from the server's lookup while the document is rendered,
 * from the DOM the server sent while hydrating (so hydration keeps it as is),
 * and from `html` (fetched by the client loader) after client navigation.
 */
function initialHtml(bodyKey: string, lookup: Lookup, html: string | undefined): string {
  if (html !== undefined) return html;
  if (lookup) return lookup(bodyKey) ?? "";
  if (typeof document === "undefined") return "";
  return document.querySelector(`[data-lesson-body][data-key="${bodyKey}"]`)?.innerHTML ?? "";
}

interface Props {
  bodyKey: string;
  html?: string;
  lang: string;
}

/** Pre-rendered lesson HTML; remount it (key={bodyKey}) to show another lesson. */
export const LessonBody = forwardRef<HTMLDivElement, Props>(function LessonBody(
  { bodyKey, html, lang },
  ref,
) {
  const lookup = useContext(LessonHtmlContext);
  const [markup] = useState(() => initialHtml(bodyKey, lookup, html));
  return (
    <div
      ref={ref}
      id="lesson-body"
      className="lesson-body"
      lang={lang}
      data-lesson-body=""
      data-key={bodyKey}
      dangerouslySetInnerHTML={{ __html: markup }}
    />
  );
});
