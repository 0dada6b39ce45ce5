import type { Tx } from "~db/client.server";
import type { Locale } from "~/i18n/locale";
import { TIME_ZONE } from "~/i18n/locale";
import { makeT } from "~/i18n/t";
import { type CsvCell, toCsv } from "~/utils/csv.server";
import { allStudentProgress, quizColumns } from "./cohort-progress.server";
import type { OutlineLesson } from "./cohort-workspace.server";
import type { CourseRules } from "./course-rules.server";

// Sortable in a spreadsheet and unambiguous: `2026-03-20 12:00`, Beijing time (the header says so).
const stamp = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE,
  dateStyle: "short",
  timeStyle: "short",
});

interface ExportInput {
  cohortId: number;
  rules: CourseRules;
  /** summaryRulesJson(): the figures come from progress summaries brought in line with it. */
  summaryRules: string;
  lessons: OutlineLesson[];
  locale: Locale;
  now?: number;
}

/** One row per counted student: who they are, their figures, and each lesson's state in words. */
export function progressCsv(db: Tx, input: ExportInput): string {
  const t = makeT(input.locale);
  const students = allStudentProgress(db, input.cohortId, input.rules, input.summaryRules, input.now);
  const header = [
    t("export.studentNumber"),
    t("export.name"),
    t("export.email"),
    t("export.status"),
    t("export.percent"),
    t("export.lastActivity"),
    t("export.quizAverage"),
    ...input.lessons.map((lesson, i) => t("progress.lessonHeader", { n: i + 1, title: lesson.title })),
  ];
  const rows = students.map((s): CsvCell[] => [
    s.studentNumber,
    s.name,
    s.email,
    t(`teach.status.${s.status}`),
    s.percent,
    s.lastActivity === null ? "" : stamp.format(s.lastActivity),
    s.quizAverage,
    ...s.cells.map((cell) => t(`progress.state.${cell.state}`)),
  ]);
  return toCsv(header, rows);
}

/** One row per counted student: each quiz's counted score, the average, completion and the certificate. */
export function gradesCsv(db: Tx, input: ExportInput): string {
  const t = makeT(input.locale);
  const students = allStudentProgress(db, input.cohortId, input.rules, input.summaryRules, input.now);
  const titles = new Map(input.lessons.map((lesson) => [lesson.id, lesson.title]));
  const header = [
    t("export.studentNumber"),
    t("export.name"),
    t("export.email"),
    ...quizColumns(input.rules).map((quiz) =>
      t("export.quizColumn", { lesson: titles.get(quiz.lessonId) ?? quiz.lessonId, quiz: quiz.quizId }),
    ),
    t("export.quizAverage"),
    t("export.percent"),
    t("export.completed"),
    t("export.certificate"),
  ];
  const rows = students.map((s): CsvCell[] => [
    s.studentNumber,
    s.name,
    s.email,
    ...s.quizScores,
    s.quizAverage,
    s.percent,
    t(s.status === "completed" || s.certificateId ? "export.yes" : "export.no"),
    s.certificateId,
  ]);
  return toCsv(header, rows);
}
