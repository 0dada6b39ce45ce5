import type { ComponentProps } from "react";
import { Callout } from "./callout";
import { Figure } from "./figure";
import { Lab } from "./lab";
import { Choice, NumericAnswer, Question, Quiz, QuizChoices, QuizPrompt, TrueFalse } from "./quiz";

/** Tables scroll sideways on a narrow phone instead of widening the page; keyboards can scroll them too. */
function Table(props: ComponentProps<"table">) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
    <div className="table-scroll" tabIndex={0}>
      <table {...props} />
    </div>
  );
}

/** Code blocks scroll sideways too: focusable so keyboard users can scroll them. */
function Pre(props: ComponentProps<"pre">) {
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
  return <pre tabIndex={0} {...props} />;
}

/**
 * Everything a compiled lesson may render. Rendered once per lesson at
 * compile time: the cache's fingerprint covers their source (cache.server.ts), so a markup change recompiles.
 */
export const mdxComponents = {
  Callout,
  Figure,
  Lab,
  Quiz,
  Question,
  QuizPrompt,
  QuizChoices,
  Choice,
  TrueFalse,
  NumericAnswer,
  table: Table,
  pre: Pre,
};
