import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDb } from "~db/client.server";
import { projectRoot } from "~db/paths.server";
import type { QuizKey } from "~/courseware/answer-key.server";
import { compileLesson } from "~/courseware/compile.server";
import { lessonDir, lessonFile, linkTargets, scanContent } from "~/courseware/content-index.server";
import { quizTexts } from "~/courseware/quiz-text.server";
import { createTestUser } from "../../test/support/factories";
import { createTestCohort, testRules } from "../../test/support/cohorts";
import { termWeeks, weeklyActivity } from "./cohort-activity.server";
import { joinCohort } from "./enrolment.server";
import { completeLesson, startLesson } from "./progress.server";
import { quizItemAnalysis } from "./quiz-analysis.server";
import { insertAttempt, quizKeyOf } from "./quiz-attempts.server";
import { studentActivity } from "./student-activity.server";

const rules = testRules();
const course = { courseId: rules.courseId };

function submit(userId: number, quizId: string, answers: Record<string, string[]>, at: number) {
  insertAttempt(getDb(), {
    userId,
    courseId: rules.courseId,
    lessonId: "fx-one",
    quizId,
    answers,
    correctCount: 0,
    total: 3,
    score: 0,
    passed: false,
    submittedAt: new Date(at),
  });
}

const key: QuizKey = {
  id: "q1",
  questions: [
    { id: "pick", type: "single", choiceCount: 3, correct: [1], explanationHtml: "" },
    { id: "evens", type: "multiple", choiceCount: 3, correct: [0, 2], explanationHtml: "" },
    { id: "pi", type: "numeric", answer: 3.14, tolerance: 0.01, explanationHtml: "" },
  ],
};

describe("quiz item analysis", () => {
  it("uses each student's first attempt: share correct and the most common wrong answer", async () => {
    const db = getDb();
    const cohort = createTestCohort();
    const students = [];
    for (let i = 0; i < 4; i += 1) {
      const user = await createTestUser();
      joinCohort(db, user.id, cohort.joinCode);
      students.push(user);
    }
    const outsider = await createTestUser();
    const [a, b, c, d] = students.map((s) => s.id) as [number, number, number, number];
    submit(a, "q1", { pick: ["1"], evens: ["2", "0"], pi: ["3.14"] }, 1000);
    submit(b, "q1", { pick: ["0"], evens: ["0"], pi: ["3"] }, 1000);
    submit(c, "q1", { pick: ["0"], evens: ["0"], pi: ["3.2"] }, 1000);
    // d's first attempt is wrong everywhere; the later perfect one must not count.
    submit(d, "q1", { pick: ["2"], evens: ["0", "1"], pi: ["3"] }, 1000);
    submit(d, "q1", { pick: ["1"], evens: ["0", "2"], pi: ["3.14"] }, 9000);
    // Not in the cohort: ignored. A submission missing a question (quiz edited since) skips that question only.
    submit(outsider.id, "q1", { pick: ["2"], evens: ["1"], pi: ["0"] }, 1000);
    submit(a, "q1-other", { pick: ["1"] }, 500);

    const stats = quizItemAnalysis(db, cohort.id, course.courseId, [{ lessonId: "fx-one", key }]).get(
      quizKeyOf("fx-one", "q1"),
    );
    expect(stats).toEqual([
      {
        questionId: "pick",
        type: "single",
        answered: 4,
        correct: 1,
        share: 0.25,
        commonWrong: { values: ["0"], count: 2 },
      },
      {
        questionId: "evens",
        type: "multiple",
        answered: 4,
        correct: 1,
        share: 0.25,
        commonWrong: { values: ["0"], count: 2 },
      },
      {
        questionId: "pi",
        type: "numeric",
        answered: 4,
        correct: 1,
        share: 0.25,
        commonWrong: { values: ["3"], count: 2 },
      },
    ]);
  });

  it("reports nobody answered as no share rather than 0%", () => {
    const cohort = createTestCohort();
    const [pick] = quizItemAnalysis(getDb(), cohort.id, course.courseId, [{ lessonId: "fx-one", key }]).get(
      quizKeyOf("fx-one", "q1"),
    )!;
    expect(pick).toMatchObject({ answered: 0, share: null, commonWrong: null });
  });

  it("names choices by the words the compiled lesson shows", async () => {
    const root = path.join(projectRoot, "test/fixtures/content");
    const ref = { courseSlug: "fixture-course", lessonSlug: "01-basics", lang: "en" as const };
    const { lesson } = await compileLesson({
      ...ref,
      key: "e".repeat(64),
      file: lessonFile(root, ref.courseSlug, ref.lessonSlug, "en"),
      lessonDir: lessonDir(root, ref.courseSlug, ref.lessonSlug),
      hasTarget: linkTargets(scanContent(root).index),
    });
    const texts = quizTexts(lesson!).get("check");
    expect(texts?.get("q1")).toEqual({
      prompt: "Pick the second option.",
      choices: ["First option", "Second option", "Third option"],
    });
    expect(texts?.get("q2")?.choices).toEqual(["Two", "Three", "Four"]);
  });
});

describe("weekly activity", () => {
  it("lists the term's Mondays up to this week", () => {
    expect(termWeeks("2026-03-04", "2026-06-30", "2026-03-20")).toEqual([
      "2026-03-02",
      "2026-03-09",
      "2026-03-16",
    ]);
    expect(termWeeks("2026-03-04", "2026-03-10", "2026-05-01")).toEqual(["2026-03-02", "2026-03-09"]);
  });

  it("buckets by weeks starting Monday in Asia/Shanghai, not UTC", async () => {
    const db = getDb();
    const cohort = createTestCohort({ startsOn: "2026-03-02", endsOn: "2026-06-30" });
    const a = await createTestUser();
    const b = await createTestUser();
    joinCohort(db, a.id, cohort.joinCode, Date.parse("2026-03-02T02:00:00Z"));
    joinCohort(db, b.id, cohort.joinCode, Date.parse("2026-03-02T02:00:00Z"));
    // Sunday 17:00 UTC is Monday 01:00 in Shanghai: the second week, not the first.
    const mondayInShanghai = Date.parse("2026-03-15T17:00:00Z");
    completeLesson(db, a.id, { ...course, lessonId: "fx-one" }, mondayInShanghai);
    // Sunday 15:59 UTC is still Sunday 23:59 in Shanghai: the first week.
    startLesson(db, b.id, { ...course, lessonId: "fx-one" }, Date.parse("2026-03-15T15:59:00Z"));
    completeLesson(db, b.id, { ...course, lessonId: "fx-two" }, Date.parse("2026-03-04T01:00:00Z"));
    submit(b.id, "q1", {}, Date.parse("2026-03-17T01:00:00Z"));

    const weeks = weeklyActivity(
      db,
      { ...cohort, courseId: rules.courseId },
      Date.parse("2026-03-20T04:00:00Z"),
    );
    expect(weeks).toEqual([
      { weekOf: "2026-03-02", activeStudents: 1, lessonsCompleted: 1 },
      { weekOf: "2026-03-09", activeStudents: 1, lessonsCompleted: 0 },
      { weekOf: "2026-03-16", activeStudents: 2, lessonsCompleted: 1 },
    ]);
  });
});

describe("one student's activity", () => {
  it("lists time per lesson and a newest-first timeline; undefined outside the cohort", async () => {
    const db = getDb();
    const cohort = createTestCohort();
    const other = createTestCohort();
    const student = await createTestUser();
    const stranger = await createTestUser();
    joinCohort(db, student.id, cohort.joinCode);
    joinCohort(db, stranger.id, other.joinCode);
    startLesson(db, student.id, { ...course, lessonId: "fx-one" }, 1_000_000);
    db.run(`update lesson_progress set seconds_spent = 300 where user_id = ${student.id}`);
    completeLesson(db, student.id, { ...course, lessonId: "fx-two" }, 3_000_000);
    submit(student.id, "q1", {}, 2_000_000);

    const activity = studentActivity(db, cohort.id, student.id, rules);
    expect(activity?.lessons.map((l) => [l.lessonId, l.seconds, l.completedAt])).toEqual([
      ["fx-one", 300, null],
      ["fx-two", 0, 3_000_000],
      ["fx-three", 0, null],
    ]);
    expect(activity?.totalSeconds).toBe(300);
    expect(activity?.timeline.map((e) => [e.kind, e.at])).toEqual([
      ["lesson-started", 3_000_000],
      ["lesson-completed", 3_000_000],
      ["quiz-submitted", 2_000_000],
      ["lesson-started", 1_000_000],
    ]);
    expect(studentActivity(db, cohort.id, stranger.id, rules)).toBeUndefined();
  });
});
