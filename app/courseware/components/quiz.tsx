import type { ReactNode } from "react";
import { answerField } from "../types";
import { quizAnchor } from "../urls";
import { useStaticLocale } from "./static-t";

/**
 * A quiz as a plain HTML form: it posts to the lesson page and works without
 * JavaScript. The empty `data-feedback` / `data-quiz-result` containers are
 * where the quiz island portals results after hydration. Answers never reach
 * these components: the compiler strips them first.
 */
interface Names {
  quiz?: string;
  question?: string;
}

export function Quiz({ id, children }: { id?: string; children?: ReactNode }) {
  const { t } = useStaticLocale();
  return (
    <form
      method="post"
      action="#quiz-result"
      className="quiz"
      data-quiz={id}
      aria-labelledby={quizAnchor(`${id}`)}
    >
      <input type="hidden" name="quizId" value={id} />
      <p id={quizAnchor(`${id}`)} className="quiz-title">
        {t("quiz.title")}
      </p>
      {children}
      <div className="quiz-result" data-quiz-result="" aria-live="polite" />
      <button type="submit" className="btn-primary print:hidden">
        {t("quiz.submit")}
      </button>
    </form>
  );
}

export function Question({ quiz, id, children }: { quiz?: string; id?: string; children?: ReactNode }) {
  return (
    <fieldset className="quiz-question" data-question={id} aria-labelledby={`qz-${quiz}-${id}`}>
      {children}
      <div className="quiz-feedback" data-feedback={id} aria-live="polite" />
    </fieldset>
  );
}

export function QuizPrompt({ quiz, question, children }: Names & { children?: ReactNode }) {
  return (
    <div id={`qz-${quiz}-${question}`} className="quiz-prompt">
      {children}
    </div>
  );
}

export function QuizChoices({ children }: { children?: ReactNode }) {
  return <div className="quiz-choices">{children}</div>;
}

export function Choice(props: Names & { type?: string; value?: string; children?: ReactNode }) {
  return (
    <label className="quiz-choice">
      <input
        type={props.type === "multiple" ? "checkbox" : "radio"}
        name={answerField(props.question ?? "")}
        value={props.value}
        required={props.type === "single"}
      />
      <span>{props.children}</span>
    </label>
  );
}

export function TrueFalse({ question }: Names) {
  const { t } = useStaticLocale();
  return (
    <div className="quiz-choices">
      {(["true", "false"] as const).map((value) => (
        <label key={value} className="quiz-choice">
          <input type="radio" name={answerField(question ?? "")} value={value} required />
          <span>{t(value === "true" ? "quiz.true" : "quiz.false")}</span>
        </label>
      ))}
    </div>
  );
}

export function NumericAnswer({ question }: Names) {
  const { t } = useStaticLocale();
  return (
    <label className="quiz-numeric">
      <span>{t("quiz.numericLabel")}</span>
      <input
        type="number"
        step="any"
        inputMode="decimal"
        name={answerField(question ?? "")}
        required
        className="input w-44"
      />
    </label>
  );
}
