/**
 * The compile pipeline's libraries (highlighting, KaTeX, GFM, MDX evaluation)
 * are loaded on the first compile only: a production server whose content
 * cache is warm never compiles, and never pays their memory or start-up time.
 */
export interface PipelineDeps {
  rehypeHighlight: typeof import("rehype-highlight").default;
  rehypeKatex: typeof import("rehype-katex").default;
  remarkGfm: typeof import("remark-gfm").default;
  remarkMath: typeof import("remark-math").default;
  toHtml: typeof import("hast-util-to-html").toHtml;
  toHast: typeof import("mdast-util-to-hast").toHast;
  getMDXComponent: typeof import("mdx-bundler/client/index.js").getMDXComponent;
  bundleMDX: typeof import("mdx-bundler").bundleMDX;
}

let loaded: Promise<PipelineDeps> | undefined;
let deps: PipelineDeps | undefined;

export function loadPipelineDeps(): Promise<PipelineDeps> {
  loaded ??= Promise.all([
    import("rehype-highlight"),
    import("rehype-katex"),
    import("remark-gfm"),
    import("remark-math"),
    import("hast-util-to-html"),
    import("mdast-util-to-hast"),
    import("mdx-bundler/client/index.js"),
    import("mdx-bundler"),
  ]).then(([highlight, katex, gfm, math, hastToHtml, mdastToHast, client, bundler]) => {
    deps = {
      rehypeHighlight: highlight.default,
      rehypeKatex: katex.default,
      remarkGfm: gfm.default,
      remarkMath: math.default,
      toHtml: hastToHtml.toHtml,
      toHast: mdastToHast.toHast,
      getMDXComponent: client.getMDXComponent,
      bundleMDX: bundler.bundleMDX,
    };
    return deps;
  });
  return loaded;
}

/** The libraries, for the synchronous steps of a compile that has already awaited loadPipelineDeps(). */
export function pipelineDeps(): PipelineDeps {
  if (!deps) throw new Error("compile pipeline used before loadPipelineDeps()");
  return deps;
}
