/**
 * The compile pipeline's libraries (parsing, highlighting, KaTeX, GFM,
 * sanitising) are loaded on the first compile only: a production server whose
 * content cache is warm never compiles, and never pays their memory or
 * start-up time. Nothing here evaluates lesson source: remark-mdx parses
 * expressions with acorn (parse only) and hast-util-to-jsx-runtime, given no
 * evaluator, cannot run one.
 */
export interface PipelineDeps {
  unified: typeof import("unified").unified;
  remarkParse: typeof import("remark-parse").default;
  remarkMdx: typeof import("remark-mdx").default;
  remarkFrontmatter: typeof import("remark-frontmatter").default;
  remarkGfm: typeof import("remark-gfm").default;
  remarkMath: typeof import("remark-math").default;
  rehypeHighlight: typeof import("rehype-highlight").default;
  rehypeKatex: typeof import("rehype-katex").default;
  rehypeSanitize: typeof import("rehype-sanitize").default;
  toHtml: typeof import("hast-util-to-html").toHtml;
  toHast: typeof import("mdast-util-to-hast").toHast;
  raw: typeof import("hast-util-raw").raw;
  toJsxRuntime: typeof import("hast-util-to-jsx-runtime").toJsxRuntime;
  h: typeof import("hastscript").h;
}

let loaded: Promise<PipelineDeps> | undefined;
let deps: PipelineDeps | undefined;

export function loadPipelineDeps(): Promise<PipelineDeps> {
  loaded ??= Promise.all([
    import("unified"),
    import("remark-parse"),
    import("remark-mdx"),
    import("remark-frontmatter"),
    import("remark-gfm"),
    import("remark-math"),
    import("rehype-highlight"),
    import("rehype-katex"),
    import("rehype-sanitize"),
    import("hast-util-to-html"),
    import("mdast-util-to-hast"),
    import("hast-util-to-jsx-runtime"),
    import("hastscript"),
    import("hast-util-raw"),
  ]).then(
    ([
      unified,
      parse,
      mdx,
      frontmatter,
      gfm,
      math,
      highlight,
      katex,
      sanitize,
      toHtml,
      toHast,
      jsx,
      h,
      raw,
    ]) => {
      deps = {
        unified: unified.unified,
        remarkParse: parse.default,
        remarkMdx: mdx.default,
        remarkFrontmatter: frontmatter.default,
        remarkGfm: gfm.default,
        remarkMath: math.default,
        rehypeHighlight: highlight.default,
        rehypeKatex: katex.default,
        rehypeSanitize: sanitize.default,
        toHtml: toHtml.toHtml,
        toHast: toHast.toHast,
        toJsxRuntime: jsx.toJsxRuntime,
        h: h.h,
        raw: raw.raw,
      };
      return deps;
    },
  );
  return loaded;
}

/** The libraries, for the synchronous steps of a compile that has already awaited loadPipelineDeps(). */
export function pipelineDeps(): PipelineDeps {
  if (!deps) throw new Error("compile pipeline used before loadPipelineDeps()");
  return deps;
}
