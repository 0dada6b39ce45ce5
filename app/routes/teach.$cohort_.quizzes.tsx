import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PRIVATE, requireCohortWorkspace } from "~/auth/cohort-workspace.server";
import { CohortViewHeader } from "~/components/cohort-view-header";
import { contentLang } from "~/i18n/locale";
import { useLocale, useT } from "~/i18n/use-t";
import { type WrongAnswer, cohortQuizReport } from "~/models/quiz-report.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "测验分析 · Quiz analysis" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, cohort, course } = await requireCohortWorkspace(request, params);
  const quizzes = await cohortQuizReport(
    getDb(),
    cohort.id,
    course.rules,
    course.lessons,
    contentLang(locale),
  );
  return json({ cohort, course: course.title, quizzes }, { headers: PRIVATE });
}

function AnswerText({ answer }: { answer: WrongAnswer }) {
  const t = useT();
  const locale = useLocale();
  if (answer.kind === "truefalse") return <>{t(answer.value ? "quiz.true" : "quiz.false")}</>;
  if (answer.kind === "numeric") return <span className="font-mono">{answer.value}</span>;
  // Several choices picked together: the list as the reader's language writes it.
  return <>{new Intl.ListFormat(locale, { type: "conjunction" }).format(answer.texts)}</>;
}

export default function QuizAnalysis() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const { cohort } = data;
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  return (
    <div className="space-y-6">
      <CohortViewHeader
        cohortId={cohort.id}
        titleId="quizzes-title"
        title={t("quizzes.title", { cohort: cohort.name })}
        subtitle={t("insight.subtitle", {
          course: data.course,
          university: locale === "en" ? cohort.universityEn : cohort.universityZh,
          term: cohort.term,
        })}
      />
      <p className="text-slate-700">{t("quizzes.lead")}</p>
      {data.quizzes.length === 0 ? <p>{t("quizzes.none")}</p> : null}
      {data.quizzes.map((quiz) => {
        const headingId = `quiz-${quiz.lessonId}-${quiz.quizId}`.replace(/[^\w-]/g, "_");
        return (
          <section key={headingId} aria-labelledby={headingId} className="space-y-2">
            <h2 id={headingId} className="text-lg font-semibold">
              {t("quizzes.quiz", { lesson: quiz.lessonTitle })}
            </h2>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1) */}
            <section className="table-wrap" tabIndex={0} aria-labelledby={headingId}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("quizzes.question")}</th>
                    <th scope="col">{t("quizzes.answered")}</th>
                    <th scope="col">{t("quizzes.correctShare")}</th>
                    <th scope="col">{t("quizzes.commonWrong")}</th>
                  </tr>
                </thead>
                <tbody>
                  {quiz.questions.map((question, i) => (
                    <tr key={question.questionId}>
                      <th scope="row" className="min-w-48 text-left font-normal">
                        <span className="font-medium">{t("quizzes.questionN", { n: i + 1 })}</span>{" "}
                        {question.prompt}
                      </th>
                      <td className="tabular-nums">{question.answered}</td>
                      <td className="min-w-32">
                        {question.share === null ? (
                          "—"
                        ) : (
                          <span className="flex items-center gap-2">
                            <span className="tabular-nums">{percent.format(question.share)}</span>
                            <span aria-hidden="true" className="h-2 w-20 rounded bg-slate-200">
                              <span
                                className="block h-2 rounded bg-brand-700"
                                style={{ width: `${Math.round(question.share * 100)}%` }}
                              />
                            </span>
                          </span>
                        )}
                      </td>
                      <td className="min-w-40">
                        {question.commonWrong ? (
                          <>
                            <AnswerText answer={question.commonWrong.answer} />{" "}
                            <span className="text-slate-600">
                              {t("quizzes.wrongCount", { count: question.commonWrong.count })}
                            </span>
                          </>
                        ) : (
                          t("quizzes.noWrong")
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </section>
        );
      })}
    </div>
  );
}
