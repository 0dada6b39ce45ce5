import type { QuizActionData } from "~/courseware/quiz-action.server";
import { useT } from "~/i18n/use-t";
import { QuestionFeedback, QuizScore } from "./quiz-feedback";

/** The graded quiz after a plain form post (no JavaScript); the quiz form links here with #quiz-result. */
export function QuizResultPanel({ data }: { data: QuizActionData }) {
  const t = useT();
  return (
    <section
      id="quiz-result"
      aria-labelledby="quiz-result-title"
      className="card mt-8 scroll-mt-4"
      tabIndex={-1}
    >
      <h2 id="quiz-result-title" className="text-lg font-semibold">
        {t("quiz.resultTitle")}
      </h2>
      {data.ok ? (
        <>
          <QuizScore
            correct={data.graded.correctCount}
            total={data.graded.total}
            percent={data.graded.percent}
          />
          <ol className="mt-2 space-y-4">
            {data.graded.questions.map((result, index) => (
              <li key={result.id}>
                <p className="text-sm text-slate-600">{t("quiz.questionN", { n: index + 1 })}</p>
                <QuestionFeedback result={result} />
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p role="alert" className="mt-2 font-semibold text-red-800">
          {data.message}
        </p>
      )}
    </section>
  );
}
