import { renderToStaticMarkup } from "react-dom/server";
import { mdxComponents } from "./components";
import { StaticLocale } from "./components/static-t";
import { pipelineDeps } from "./pipeline-deps.server";
import type { ContentLang } from "./types";

/**
 * Evaluates a compiled lesson once and keeps only its HTML, so the lesson page
 * ships no MDX runtime and renders no MDX per request.
 */
export function renderLessonHtml(code: string, lang: ContentLang): string {
  const Content = pipelineDeps().getMDXComponent(code);
  return renderToStaticMarkup(
    <StaticLocale.Provider value={lang === "en" ? "en" : "zh-CN"}>
      <Content components={mdxComponents} />
    </StaticLocale.Provider>,
  );
}
