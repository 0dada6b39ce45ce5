import type { ComponentProps } from "react";
import { Callout } from "./callout";
import { Figure } from "./figure";
import { Lab } from "./lab";
import { Choice, NumericAnswer, Question, Quiz, QuizChoices, QuizPrompt, TrueFalse } from "./quiz";

/** Tables scroll sideways on a narrow phone instead of widening the page. */
function Table(props: ComponentProps<"table">) {
  return (
    <div className="table-scroll">
      <table {...props} />
    </div>
  );
}

/**
 * Everything a compiled lesson may render. Rendered once per lesson at
 * compile time: bump PIPELINE_VERSION (cache.server.ts) when their markup changes.
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
};
