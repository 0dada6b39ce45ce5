import type { QuestionResult } from "~/courseware/types";
import { useT } from "~/i18n/use-t";

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
