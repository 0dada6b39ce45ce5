import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  json,
} from "@remix-run/node";
import {
  type ClientLoaderFunctionArgs,
  type ShouldRevalidateFunction,
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useRouteError,
} from "@remix-run/react";
import katexCss from "katex/dist/katex.min.css";
import { useRef, useState } from "react";
import { requireCourseReader } from "~/auth/course-access.server";
import { ErrorPage } from "~/components/error-page";
import { CourseNotFound } from "~/components/courses/course-not-found";
import { BackToTop } from "~/components/courses/back-to-top";
import { LessonEnhancements } from "~/components/courses/lesson-enhancements";
import { NotEnrolled } from "~/components/courses/not-enrolled";
import { LessonHeader } from "~/components/courses/lesson-header";
import { LessonPager } from "~/components/courses/lesson-pager";
import { LessonProgress, type LessonStates } from "~/components/courses/lesson-progress";
import { LessonSidebar } from "~/components/courses/lesson-sidebar";
import { LessonToc } from "~/components/courses/lesson-toc";
import { QuizResultPanel } from "~/components/courses/quiz-result-panel";
import { LessonBody } from "~/courseware/lesson-body";
import { loadLessonHtml } from "~/courseware/lesson-html-client";
import { getLessonForReading, getLessonView } from "~/courseware/lesson-view.server";
import { gradeQuizForm } from "~/courseware/quiz-action.server";
import { QuizIslands } from "~/courseware/quiz-island";
import { getLocale } from "~/i18n/locale.server";
import { contentLang } from "~/i18n/locale";
import { makeT } from "~/i18n/t";
import { readForm } from "~/utils/forms.server";
import { getCourseRules } from "~/models/course-rules.server";
import { recordGradedQuiz, revealPerRule } from "~/models/quiz-submission.server";
import { getDb } from "~db/client.server";
import highlightCss from "~/styles/highlight.css";
import lessonCss from "~/styles/lesson.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: katexCss },
  { rel: "stylesheet", href: highlightCss },
  { rel: "stylesheet", href: lessonCss },
];

/** entry.server caches the whole document: the loader data below is the same for every viewer with this locale. */
export const handle = { pageCache: true };

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  // Error pages (403, 404) have no loader data but still need a title.
  data
    ? [{ title: `${data.lesson.title} · ${data.course.title}` }]
    : [{ title: "人才加速器 · Talent Accelerator" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer } = await requireCourseReader(request, params.course ?? "");
  const locale = await getLocale(request, viewer);
  const view = await getLessonView(params.course ?? "", params.lesson ?? "", contentLang(locale));
  if (!view) throw new Response(null, { status: 404 });
  return json(view);
}

/** Grades a quiz; a learner's graded submission is recorded as an attempt (teachers and admins only preview). */
export async function action({ request, params }: ActionFunctionArgs) {
  const reader = await requireCourseReader(request, params.course ?? "");
  const locale = await getLocale(request, reader.viewer);
  const reading = await getLessonForReading(params.course ?? "", params.lesson ?? "", contentLang(locale));
  if (!reading) throw new Response(null, { status: 404 });
  const form = await readForm(request);
  const t = makeT(locale);
  const graded = gradeQuizForm(reading.compiled, form, t);
  if (!graded.data.ok) return json(graded.data, { status: graded.status });
  const result = graded.data.graded;
  const key = reading.compiled.answerKey.find((quiz) => quiz.id === result.quizId);
  const rules = reader.courseId === null ? undefined : await getCourseRules(reading.course.slug);
  // Without the course's rules nothing says answers may be shown: grade only.
  if (!key || !rules || reader.courseId === null) return json(graded.data, { status: graded.status });
  if (reader.access !== "learner") {
    // Teachers and admins preview without a record and see what a learner with this score would see.
    const shown = revealPerRule(result, key, rules.quizzes.reveal, result.percent >= rules.passMark);
    return json({ ok: true as const, graded: shown }, { status: 200 });
  }
  const recorded = recordGradedQuiz(
    getDb(),
    { userId: reader.viewer.id, rules, lessonId: reading.lesson.id, form, graded: result, key },
    t,
  );
  return json(recorded.data, { status: recorded.status });
}

/** After client navigation the body is fetched by key; the first page load already has it in the DOM. */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const view = await serverLoader<typeof loader>();
  return { ...view, html: await loadLessonHtml(view.bodyKey) };
}

// Grading changes nothing the loaders return.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.has("quizId") ? false : defaultShouldRevalidate;

// The lesson list and the contents stay in view while the lesson scrolls (and scroll themselves when long).
const STICKY_LG = "lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto";
const STICKY_XL = "xl:sticky xl:top-4 xl:max-h-[calc(100vh-2rem)] xl:self-start xl:overflow-y-auto";

export default function LessonPage() {
  // On the first load the client loader does not run: `html` is absent and the body is read from the DOM.
  const view: Omit<Awaited<ReturnType<typeof clientLoader>>, "html"> & { html?: string } =
    useLoaderData<typeof clientLoader>();
  const actionData = useActionData<typeof action>();
  const body = useRef<HTMLDivElement>(null);
  const [states, setStates] = useState<LessonStates | undefined>(undefined);
  const { course, lesson } = view;
  return (
    <div className="lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-x-8 xl:grid-cols-[15rem_minmax(0,1fr)_13rem] print:block">
      <article aria-labelledby="lesson-title" className="contents">
        <div className="lg:col-start-2 lg:row-start-1">
          <LessonHeader view={view} />
        </div>
        <LessonToc
          toc={view.toc}
          className={`mt-6 lg:col-start-2 lg:row-start-2 xl:col-start-3 xl:row-span-2 xl:row-start-1 xl:mt-0 ${STICKY_XL} print:hidden`}
        />
        <div className="mt-6 min-w-0 lg:col-start-2 lg:row-start-3 xl:row-start-2">
          <LessonBody
            key={view.bodyKey}
            ref={body}
            bodyKey={view.bodyKey}
            html={view.html}
            lang={lesson.lang === "en" ? "en" : "zh-CN"}
          />
          <QuizIslands key={`islands-${view.bodyKey}`} quizzes={view.quizzes} body={body} />
          <LessonEnhancements key={`enhancements-${view.bodyKey}`} body={body} />
          {actionData ? <QuizResultPanel data={actionData} /> : null}
          <LessonProgress
            key={`progress-${course.slug}/${lesson.slug}`}
            endpoint={`/learning/${course.slug}/${lesson.slug}`}
            onStates={setStates}
          />
          <LessonPager courseSlug={course.slug} previous={view.previous} next={view.next} />
          <p className="mt-6 text-right print:hidden">
            <BackToTop />
          </p>
        </div>
      </article>
      <LessonSidebar
        courseSlug={course.slug}
        courseTitle={course.title}
        lessons={view.lessons}
        current={lesson.slug}
        states={states}
        className={`mt-10 border-t border-slate-200 pt-6 lg:col-start-1 lg:row-span-3 lg:row-start-1 lg:mt-0 lg:border-0 lg:pt-0 xl:row-span-2 ${STICKY_LG} print:hidden`}
      />
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const data = isRouteErrorResponse(error)
    ? (error.data as { notEnrolled?: boolean; courseSlug?: string })
    : null;
  if (status === 403 && data?.notEnrolled && data.courseSlug)
    return <NotEnrolled courseSlug={data.courseSlug} />;
  return status === 404 ? (
    <CourseNotFound />
  ) : (
    <ErrorPage status={status} data={isRouteErrorResponse(error) ? error.data : undefined} />
  );
}
