import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { PRIVATE, pathId, requireCohortWorkspace } from "~/auth/cohort-workspace.server";
import { CohortViewHeader } from "~/components/cohort-view-header";
import { ConfirmForm } from "~/components/confirm-form";
import { Notice, PendingButton } from "~/components/forms";
import { LessonCellView } from "~/components/progress-cells";
import { formatDateTime } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages";
import { useLocale, useT } from "~/i18n/use-t";
import type { CellState } from "~/models/cohort-progress";
import { issueStudentResetLink } from "~/models/enrolment.server";
import { studentActivity } from "~/models/student-activity.server";
import { actorOf } from "~/utils/actor.server";
import { firstError, intentField, parseForm, readForm } from "~/utils/forms.server";
import { getDb } from "~db/client.server";

export const meta: MetaFunction = () => [{ title: "学生学习情况 · Student" }];

/** The cohort (theirs to see) and one of its students; a student of any other cohort is 404. */
async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const workspace = await requireCohortWorkspace(request, params);
  const studentId = pathId(params.student);
  const activity = studentActivity(getDb(), workspace.cohort.id, studentId, workspace.course.rules);
  if (!activity) throw new Response(null, { status: 404 });
  return { ...workspace, activity };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, cohort, course, activity } = await load(request, params);
  const titles = new Map(course.lessons.map((lesson) => [lesson.id, lesson.title]));
  const { student } = activity;
  return json(
    {
      cohort,
      course: course.title,
      student: {
        userId: student.userId,
        name: student.name,
        email: student.email,
        studentNumber: student.studentNumber,
        status: student.status,
        enrolledAt: student.enrolledAt,
      },
      // A teacher resets their students' passwords; staff accounts and admins go through user management.
      canReset: viewer.role === "teacher" && student.role === "student",
      lessons: activity.lessons.map((lesson) => ({
        ...lesson,
        title: titles.get(lesson.lessonId) ?? lesson.lessonId,
      })),
      totalSeconds: activity.totalSeconds,
      timeline: activity.timeline.map((event) => ({
        ...event,
        lesson: titles.get(event.lessonId) ?? event.lessonId,
      })),
    },
    { headers: PRIVATE },
  );
}

type ActionData =
  | { ok: true; name: string; resetUrl: string }
  | { ok: false; error: { key: MessageKey; params?: Record<string, string | number> } };

/** The roster's one-time reset link, from here: audited in the model, shown once in this answer. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { viewer, activity } = await load(request, params);
  const parsed = parseForm(await readForm(request), z.object({ intent: intentField(["reset-link"]) }));
  if (!parsed.ok)
    return json<ActionData>({ ok: false, error: firstError(parsed) }, { status: 400, headers: PRIVATE });
  const token = issueStudentResetLink(
    getDb(),
    { ...actorOf(viewer, context), id: viewer.id },
    activity.student.userId,
  );
  if (!token)
    return json<ActionData>(
      { ok: false, error: { key: "teach.notYourStudent" } },
      { status: 404, headers: PRIVATE },
    );
  return json<ActionData>(
    { ok: true, name: activity.student.name, resetUrl: new URL(`/reset/${token}`, request.url).toString() },
    { headers: PRIVATE },
  );
}

function duration(t: ReturnType<typeof useT>, seconds: number) {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t("duration.minutes", { count: minutes });
  return t("duration.hoursMinutes", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

function stateOf(lesson: { completedAt: number | null; firstSeenAt: number | null }): CellState {
  return lesson.completedAt ? "complete" : lesson.firstSeenAt ? "started" : "not-started";
}

function ResetLink({ name, canReset }: { name: string; canReset: boolean }) {
  const t = useT();
  const result = useActionData<typeof action>();
  if (!canReset) return <p className="text-sm text-slate-600">{t("student.adminReset")}</p>;
  return (
    <div className="space-y-3">
      {result?.ok ? (
        <Notice tone="success">
          <p>{t("teach.resetReady", { name: result.name })}</p>
          <input
            readOnly
            value={result.resetUrl}
            aria-label={t("teach.resetReady", { name: result.name })}
            className="input mt-2 font-mono text-sm"
            data-testid="reset-url"
            onFocus={(event) => event.currentTarget.select()}
          />
        </Notice>
      ) : null}
      {result && !result.ok ? <Notice tone="error">{t(result.error.key, result.error.params)}</Notice> : null}
      <ConfirmForm method="post" confirmText={t("teach.confirmReset", { name })}>
        <PendingButton
          name="intent"
          value="reset-link"
          className="btn-secondary"
          aria-label={t("teach.resetLinkFor", { name })}
          pendingLabel={t("common.working")}
        >
          {t("teach.resetLink")}
        </PendingButton>
      </ConfirmForm>
    </div>
  );
}

export default function StudentPage() {
  const t = useT();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const { cohort, student } = data;
  return (
    <div className="space-y-6">
      <p>
        <Link to={`/teach/${cohort.id}/progress`} className="link">
          {t("student.back")}
        </Link>
      </p>
      <CohortViewHeader
        cohortId={cohort.id}
        titleId="student-title"
        title={t("student.title", { name: student.name })}
        subtitle={t("insight.subtitle", {
          course: data.course,
          university: locale === "en" ? cohort.universityEn : cohort.universityZh,
          term: cohort.term,
        })}
      />
      <section className="card space-y-3">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium">{t("teach.studentNumber")}</dt>
          <dd>{student.studentNumber ?? "—"}</dd>
          <dt className="font-medium">{t("account.email")}</dt>
          <dd className="break-all">{student.email}</dd>
          <dt className="font-medium">{t("teach.status")}</dt>
          <dd>{t(`teach.status.${student.status}`)}</dd>
          <dt className="font-medium">{t("student.enrolledAt")}</dt>
          <dd>
            <time dateTime={new Date(student.enrolledAt).toISOString()}>
              {formatDateTime(locale, student.enrolledAt)}
            </time>
          </dd>
          <dt className="font-medium">{t("student.totalTime")}</dt>
          <dd>{duration(t, data.totalSeconds)}</dd>
        </dl>
        <ResetLink name={student.name} canReset={data.canReset} />
      </section>

      <section aria-labelledby="lessons-title" className="space-y-2">
        <h2 id="lessons-title" className="text-lg font-semibold">
          {t("student.lessons")}
        </h2>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1) */}
        <section className="table-wrap" tabIndex={0} aria-labelledby="lessons-title">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("student.lesson")}</th>
                <th scope="col">{t("student.state")}</th>
                <th scope="col">{t("student.firstSeen")}</th>
                <th scope="col">{t("student.completedAt")}</th>
                <th scope="col">{t("student.timeSpent")}</th>
                <th scope="col">{t("student.attempts")}</th>
              </tr>
            </thead>
            <tbody>
              {data.lessons.map((lesson, i) => (
                <tr key={lesson.lessonId}>
                  <th scope="row" className="text-left font-normal">
                    {i + 1}. {lesson.title}
                  </th>
                  <td>
                    <LessonCellView state={stateOf(lesson)} score={null} />
                    <span aria-hidden="true" className="ml-1">
                      {t(`progress.state.${stateOf(lesson)}`)}
                    </span>
                  </td>
                  <td className="whitespace-nowrap">
                    {lesson.firstSeenAt ? formatDateTime(locale, lesson.firstSeenAt) : "—"}
                  </td>
                  <td className="whitespace-nowrap">
                    {lesson.completedAt ? formatDateTime(locale, lesson.completedAt) : "—"}
                  </td>
                  <td className="whitespace-nowrap">{duration(t, lesson.seconds)}</td>
                  <td className="tabular-nums">{lesson.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </section>

      <section aria-labelledby="timeline-title" className="space-y-2">
        <h2 id="timeline-title" className="text-lg font-semibold">
          {t("student.timeline")}
        </h2>
        {data.timeline.length === 0 ? (
          <p className="text-slate-700">{t("student.timelineEmpty")}</p>
        ) : (
          <ol className="card space-y-2 text-sm">
            {data.timeline.map((event) => (
              <li
                key={`${event.kind}-${event.lessonId}-${"quizId" in event ? event.quizId : ""}-${event.at}`}
                className="flex flex-wrap gap-x-3"
              >
                <time dateTime={new Date(event.at).toISOString()} className="text-slate-600 tabular-nums">
                  {formatDateTime(locale, event.at)}
                </time>
                <span>
                  {event.kind === "quiz-submitted"
                    ? t(event.passed ? "student.event.quiz-passed" : "student.event.quiz-failed", {
                        lesson: event.lesson,
                        score: event.score,
                      })
                    : t(`student.event.${event.kind}`, { lesson: event.lesson })}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
