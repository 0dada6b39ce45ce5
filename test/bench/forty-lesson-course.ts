/**
 * The progress-matrix benchmark's fixture: the shipped courses are shorter
 * than the target's 40 lessons, so the bench writes a 40-lesson course (one
 * quiz per lesson) into a content tree of its own, and gives a 300-student
 * cohort of it progress and quiz attempts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "~db/client.server";
import { cohortTeachers, cohorts, enrolments, lessonProgress, quizAttempts, users } from "~db/schema";

export const FORTY_COURSE = "bench-forty";
export const FORTY_LESSONS = 40;
const lessonSlug = (i: number) => `${String(i + 1).padStart(2, "0")}-lesson`;
const lessonId = (i: number) => `${FORTY_COURSE}-${String(i + 1).padStart(2, "0")}`;

export function writeFortyLessonCourse(root: string) {
  const dir = path.join(root, "courses", FORTY_COURSE);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "course.yml"),
    [
      `id: ${FORTY_COURSE}`,
      "title: { zh: 四十课基准课程, en: Forty-lesson bench course }",
      "summary: { zh: 基准测试用的课程。, en: A course for the benchmark. }",
      "level: beginner",
      "passMark: 60",
      "certificate: required-lessons-and-quizzes",
      "outcomes:",
      "  zh: [完成基准]",
      "  en: [Finish the bench]",
      "lessons:",
      ...Array.from({ length: FORTY_LESSONS }, (_, i) => `  - ${lessonSlug(i)}`),
      "",
    ].join("\n"),
  );
  for (let i = 0; i < FORTY_LESSONS; i += 1) {
    const folder = path.join(dir, lessonSlug(i));
    mkdirSync(folder, { recursive: true });
    for (const [lang, title, prompt] of [
      ["zh", `第 ${i + 1} 课`, "选出第二项。"],
      ["en", `Lesson ${i + 1}`, "Pick the second option."],
    ] as const) {
      writeFileSync(
        path.join(folder, `index.${lang}.mdx`),
        `---\nid: ${lessonId(i)}\ntitle: ${title}\nminutes: 10\nrequired: true\n---\n\n## ${title}\n\n${prompt}\n\n<Quiz id="check">\n\n<Question id="q1" type="single">\n${prompt}\n\n<Choice>A</Choice>\n<Choice correct>B</Choice>\n<Choice>C</Choice>\n\n<Explanation>\nB.\n</Explanation>\n</Question>\n\n</Quiz>\n`,
      );
    }
  }
}

/** A cohort of the forty-lesson course: `students` new accounts, each some way through it, and its teacher. */
export function seedFortyLessonCohort(
  db: Db,
  input: { universityId: number; teacherId: number; students: number; now?: number },
): number {
  const now = input.now ?? Date.now();
  const day = 24 * 60 * 60 * 1000;
  return db.transaction(
    (tx) => {
      const cohort = tx
        .insert(cohorts)
        .values({
          courseId: FORTY_COURSE,
          universityId: input.universityId,
          name: "Bench 40-lesson cohort",
          term: "bench",
          startsOn: "2020-01-01",
          endsOn: "2099-12-31",
          joinCode: "BENCH40X",
        })
        .returning()
        .get();
      tx.insert(cohortTeachers).values({ cohortId: cohort.id, userId: input.teacherId }).run();
      for (let s = 0; s < input.students; s += 1) {
        const user = tx
          .insert(users)
          .values({
            email: `bench40-${s}@example.edu`,
            name: `学生 ${String(s).padStart(3, "0")}`,
            role: "student",
            universityId: input.universityId,
            studentNumber: `B40${String(s).padStart(5, "0")}`,
            passwordHash: "",
          })
          .returning({ id: users.id })
          .get();
        tx.insert(enrolments)
          .values({ userId: user.id, cohortId: cohort.id, enrolledAt: new Date(now - 90 * day) })
          .run();
        // Spread from not started to finished: each student's place in the course is fixed by their number.
        const done = (s * 7) % (FORTY_LESSONS + 1);
        for (let i = 0; i < Math.min(done + 1, FORTY_LESSONS); i += 1) {
          const at = new Date(now - (FORTY_LESSONS - i) * day - (s % 24) * 3_600_000);
          const complete = i < done;
          tx.insert(lessonProgress)
            .values({
              userId: user.id,
              courseId: FORTY_COURSE,
              lessonId: lessonId(i),
              firstSeenAt: at,
              lastSeenAt: at,
              completedAt: complete ? at : null,
              secondsSpent: 300 + ((s + i) % 600),
            })
            .run();
          if (!complete) continue;
          for (let attempt = 0; attempt < 1 + ((s + i) % 2); attempt += 1) {
            const right = (s + i + attempt) % 3 !== 0;
            tx.insert(quizAttempts)
              .values({
                userId: user.id,
                courseId: FORTY_COURSE,
                lessonId: lessonId(i),
                quizId: "check",
                answers: { q1: [right ? "1" : "0"] },
                correctCount: right ? 1 : 0,
                total: 1,
                score: right ? 100 : 0,
                passed: right,
                submittedAt: new Date(at.getTime() + attempt * 60_000),
              })
              .run();
          }
        }
      }
      return cohort.id;
    },
    { behavior: "immediate" },
  );
}
