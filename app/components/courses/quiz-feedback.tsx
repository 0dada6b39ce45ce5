import type { QuestionResult, RevealedAnswer } from "~/courseware/types";
import { formatNumber } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";

/** The correct answer in words; choices are numbered from 1 as the reader sees them. */
function CorrectAnswer({ answer }: { answer: RevealedAnswer }) {
  const t = useT();
  const locale = useLocale();
  const number = (value: number) => formatNumber(locale, value);
  let text: string;
  if (answer.type === "truefalse") {
    text = t("quiz.answer.value", { answer: t(answer.correct ? "quiz.true" : "quiz.false") });
  } else if (answer.type === "numeric") {
    text =
      answer.tolerance > 0
        ? t("quiz.answer.numeric", { answer: number(answer.correct), tolerance: number(answer.tolerance) })
        : t("quiz.answer.value", { answer: number(answer.correct) });
  } else {
    const options = new Intl.ListFormat(locale, { type: "conjunction" }).format(
      answer.correct.map((index) => number(index + 1)),
    );
    text = t(answer.correct.length === 1 ? "quiz.answer.option" : "quiz.answer.options", { options });
  }
  return (
    <p className="mt-1 text-sm font-medium text-slate-800" data-correct-answer="">
      {text}
    </p>
  );
}

/** One graded question: right or wrong, then the explanation the server kept until now. */
export function QuestionFeedback({ result }: { result: QuestionResult }) {
  const t = useT();
  return (
    <div
      className={`mt-3 rounded-md border-l-4 px-3 py-2 ${result.correct ? "border-emerald-600 bg-emerald-50" : "border-red-600 bg-red-50"}`}
    >
      <p className={`font-semibold ${result.correct ? "text-emerald-800" : "text-red-800"}`}>
        {result.correct ? `✓ ${t("quiz.correct")}` : `✗ ${t("quiz.incorrect")}`}
      </p>
      {result.answer && !result.correct ? <CorrectAnswer answer={result.answer} /> : null}
      {result.explanationHtml ? (
        <div className="quiz-explanation mt-1" dangerouslySetInnerHTML={{ __html: result.explanationHtml }} />
      ) : null}
    </div>
  );
}

export function QuizScore({ correct, total, percent }: { correct: number; total: number; percent: number }) {
  const t = useT();
  return <p className="font-semibold">{t("quiz.score", { correct, total, percent })}</p>;
}
