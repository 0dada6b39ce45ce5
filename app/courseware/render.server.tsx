import { renderToStaticMarkup } from "react-dom/server";
import { Fragment, jsx, jsxs } from "react/jsx-runtime";
import { mdxComponents } from "./components";
import { StaticLocale } from "./components/static-t";
import type { HastRoot } from "./hast.server";
import { pipelineDeps } from "./pipeline-deps.server";
import type { ContentLang } from "./types";

/**
 * Renders a lesson's sanitised tree to HTML once, with the static components
 * standing in for their tags, so the lesson page ships no MDX runtime and
 * renders no MDX per request. No evaluator is passed: a tree holding an
 * expression would make this throw rather than run it.
 */
export function renderLessonHtml(tree: HastRoot, lang: ContentLang): string {
  const content = pipelineDeps().toJsxRuntime(tree as never, {
    Fragment,
    jsx,
    jsxs,
    components: mdxComponents as never,
    elementAttributeNameCase: "react",
    stylePropertyNameCase: "dom",
  });
  return renderToStaticMarkup(
    <StaticLocale.Provider value={lang === "en" ? "en" : "zh-CN"}>{content}</StaticLocale.Provider>,
  );
}
