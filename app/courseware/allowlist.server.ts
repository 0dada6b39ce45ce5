import { defaultSchema } from "rehype-sanitize";

/**
 * What a lesson may contain, in one place: the guard reports anything else as
 * an error with its line, and the sanitiser (built from the same lists) drops
 * anything else from the tree, so a gap in one is covered by the other.
 */

/** Components an author may write, with the attributes each takes. */
export const AUTHOR_COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  Callout: ["type", "title"],
  Figure: ["src", "alt", "caption"],
  Lab: ["pool", "minutes"],
  Quiz: ["id"],
  Question: ["id", "type", "answer", "tolerance"],
  Choice: ["correct"],
  Explanation: [],
};

/**
 * What the compiler hands to the static components after taking answers
 * out (remark-quiz) and resolving figures (remark-links). Authors cannot
 * write the internal ones: the guard runs first and refuses them.
 */
const RENDERED_COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  Callout: ["type", "title"],
  Figure: ["src", "alt", "caption", "width", "height"],
  Lab: ["pool", "minutes", "software"],
  Quiz: ["id"],
  Question: ["quiz", "id", "type", "number"],
  QuizPrompt: ["quiz", "question"],
  QuizChoices: ["quiz", "question"],
  Choice: ["quiz", "question", "type", "value"],
  TrueFalse: ["quiz", "question"],
  NumericAnswer: ["quiz", "question"],
};

const CELL = ["align", "colSpan", "rowSpan"];

/**
 * HTML an author may write inside a lesson, by tag, with the attributes
 * (hast property names) each takes on top of `title`, `lang` and `dir`.
 * No ids, classes or styles: the page owns those.
 */
export const AUTHOR_HTML: Readonly<Record<string, readonly string[]>> = {
  a: ["href"],
  abbr: [],
  b: [],
  blockquote: [],
  br: [],
  code: [],
  dd: [],
  del: [],
  details: ["open"],
  div: [],
  dl: [],
  dt: [],
  em: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  i: [],
  img: ["src", "alt", "width", "height"],
  ins: [],
  kbd: [],
  li: [],
  mark: [],
  ol: ["start"],
  p: [],
  pre: [],
  q: [],
  s: [],
  samp: [],
  small: [],
  span: [],
  strong: [],
  sub: [],
  summary: [],
  sup: [],
  table: [],
  tbody: [],
  td: CELL,
  tfoot: [],
  th: [...CELL, "scope"],
  thead: [],
  tr: [],
  u: [],
  ul: [],
  var: [],
};
export const GLOBAL_HTML_ATTRIBUTES = ["title", "lang", "dir"];

/** Named so the error says why, not just "not allowed". */
export const REFUSED_HTML: Readonly<Record<string, string>> = {
  script: "lessons never run code",
  style: "the page's styles apply to every lesson",
  iframe: "lessons embed nothing from other sites",
  object: "lessons embed nothing from other sites",
  embed: "lessons embed nothing from other sites",
  frame: "lessons embed nothing from other sites",
  form: "quizzes are the only forms in a lesson: use <Quiz>",
  input: "quizzes are the only forms in a lesson: use <Quiz>",
  button: "quizzes are the only forms in a lesson: use <Quiz>",
  base: "it would change where every link on the page goes",
  meta: "it belongs to the page, not to a lesson",
  link: "it belongs to the page, not to a lesson",
  svg: "put the drawing in an .svg file beside the lesson and show it with <Figure>",
  math: "write math as $…$ or $$…$$",
};

/** Link and image targets that run or smuggle content instead of pointing at it. */
export const REFUSED_SCHEMES = ["javascript", "vbscript", "data", "file"];
/** Schemes a link may use; anything else is an error (relative links are resolved against content/). */
export const LINK_SCHEMES = ["http", "https", "mailto"];

const SAFE_GLOBAL = (defaultSchema.attributes?.["*"] ?? []).filter(
  (name) =>
    typeof name === "string" &&
    ![
      "id",
      "name",
      "action",
      "method",
      "encType",
      "accept",
      "acceptCharset",
      "accessKey",
      "tabIndex",
    ].includes(name),
);

/**
 * The sanitiser's schema: GitHub's, narrowed to the HTML above, plus what our
 * own pipeline puts in before rendering (heading ids, math and code-language
 * classes for KaTeX and highlight.js, the components' string props). It runs
 * on the author's tree; KaTeX, highlight.js and the components render after
 * it, from our code.
 */
export const SANITIZE_SCHEMA = {
  ...defaultSchema,
  tagNames: [
    ...new Set([
      ...Object.keys(AUTHOR_HTML),
      ...Object.keys(RENDERED_COMPONENTS),
      "h1",
      "h2",
      "input",
      "section",
      "sup",
    ]),
  ],
  attributes: {
    ...defaultSchema.attributes,
    ...Object.fromEntries(Object.entries(AUTHOR_HTML).map(([tag, attributes]) => [tag, [...attributes]])),
    ...Object.fromEntries(
      Object.entries(RENDERED_COMPONENTS).map(([name, attributes]) => [name, [...attributes]]),
    ),
    ...Object.fromEntries(["h1", "h2", "h3", "h4", "h5", "h6"].map((tag) => [tag, ["id"]])),
    code: [["className", /^language-./, "math-inline", "math-display"]],
    a: [...(defaultSchema.attributes?.a ?? []), "id"],
    li: [...(defaultSchema.attributes?.li ?? []), "id"],
    ol: [...(defaultSchema.attributes?.ol ?? []), "start"],
    input: defaultSchema.attributes?.input ?? [],
    section: defaultSchema.attributes?.section ?? [],
    "*": [...SAFE_GLOBAL, ...GLOBAL_HTML_ATTRIBUTES],
  },
  // Heading ids are ours (remark-headings) and authors cannot set ids, so none need a prefix.
  clobber: [],
  protocols: {
    ...defaultSchema.protocols,
    href: LINK_SCHEMES,
    // Remote images are refused by the guard; an empty list here would mean "any scheme".
    src: ["https"],
  },
  strip: ["script", "style"],
} satisfies typeof defaultSchema;
