import { useFetcher } from "@remix-run/react";
import { type RefObject, useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { QuestionFeedback, QuizScore } from "~/components/courses/quiz-feedback";
import { useT } from "~/i18n/use-t";
import type { QuizActionData } from "./quiz-action.server";
import type { PublicQuiz } from "./types";

/**
 * Attaches to one static quiz form after hydration: submits it with a fetcher
 * (no page reload) and portals the graded result into the empty containers
 * the compiled HTML left for it. Before hydration the form posts normally.
 */
function QuizIsland({ quiz, body }: { quiz: PublicQuiz; body: RefObject<HTMLElement> }) {
  const t = useT();
  const fetcher = useFetcher<QuizActionData>();
  const submit = useRef(fetcher.submit);
  submit.current = fetcher.submit;
  const [form, setForm] = useState<HTMLFormElement | null>(null);

  useEffect(() => {
    const found = body.current?.querySelector<HTMLFormElement>(`form[data-quiz="${CSS.escape(quiz.id)}"]`);
    if (!found) return;
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      submit.current(new FormData(found), { method: "post" });
    };
    found.addEventListener("submit", onSubmit);
    setForm(found);
    return () => found.removeEventListener("submit", onSubmit);
  }, [quiz.id, body]);

  const busy = fetcher.state !== "idle";
  useEffect(() => {
    const button = form?.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) button.disabled = busy;
    form?.setAttribute("aria-busy", String(busy));
  }, [form, busy]);

  if (!form) return null;
  const data = fetcher.data;
  const summary = form.querySelector("[data-quiz-result]");
  const graded = data?.ok ? data.graded : undefined;
  return (
    <>
      {summary
        ? createPortal(
            busy ? (
              <p>{t("quiz.checking")}</p>
            ) : data && !data.ok ? (
              <p role="alert" className="font-semibold text-red-800">
                {data.message}
              </p>
            ) : graded ? (
              <QuizScore correct={graded.correctCount} total={graded.total} percent={graded.percent} />
            ) : null,
            summary,
          )
        : null}
      {graded?.questions.map((result) => {
        const target = form.querySelector(`[data-feedback="${CSS.escape(result.id)}"]`);
        return target ? createPortal(<QuestionFeedback result={result} />, target, result.id) : null;
      })}
    </>
  );
}

/** One island per quiz of the lesson; `body` is the element holding the static lesson HTML. */
export function QuizIslands({ quizzes, body }: { quizzes: PublicQuiz[]; body: RefObject<HTMLElement> }) {
  return (
    <>
      {quizzes.map((quiz) => (
        <QuizIsland key={quiz.id} quiz={quiz} body={body} />
      ))}
    </>
  );
}
