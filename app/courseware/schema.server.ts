import { z } from "zod";
import { COURSE_LEVELS, LAB_POOLS } from "./types";

/** Stable ids: lower-case words joined by single hyphens. */
const stableId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case letters, digits and single hyphens");
const folderName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be a folder name of lower-case letters, digits and hyphens");
const text = (max: number) =>
  z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const bilingual = (max: number) => z.strictObject({ zh: text(max), en: text(max) });

export const labNeedSchema = z.strictObject({
  pool: z.enum(LAB_POOLS),
  minutes: z.number().int().positive().max(10_000),
});

/**
 * The software a lab was written for, shown beside it so that a student on an
 * older or newer cluster image knows which statements may differ. One line,
 * the same in both languages (versions are not translated).
 */
const labSoftware = text(160).regex(/^[^\n]*$/, "must be one line");

/** A lesson's lab: what it needs on the compute center, and the software it was written for. */
export const lessonLabSchema = labNeedSchema.extend({ software: labSoftware.optional() });

/** How a course's quizzes count and what a graded submission shows; every field has a default. */
export const quizSettingsSchema = z.strictObject({
  /** Whether the correct options are shown after a submission. */
  reveal: z.enum(["always", "after-pass", "never"]).default("always"),
  /** Submissions allowed per quiz. */
  attempts: z.union([z.literal("unlimited"), z.number().int().min(1).max(100)]).default("unlimited"),
  /** Which attempt's score counts toward completion. */
  counting: z.enum(["best", "last"]).default("best"),
});

export const courseSchema = z
  .strictObject({
    id: stableId,
    title: bilingual(120),
    summary: bilingual(600),
    level: z.enum(COURSE_LEVELS),
    // A course's length is its lessons' minutes added up; a second figure here would drift from them.
    hours: z
      .never({ error: "is not set by hand: a course's length is the sum of its lessons' minutes" })
      .optional(),
    passMark: z.number().int().min(0).max(100),
    certificate: z.enum(["required-lessons-and-quizzes", "required-lessons"]),
    outcomes: z.strictObject({ zh: z.array(text(300)).min(1), en: z.array(text(300)).min(1) }),
    lessons: z.array(folderName).min(1),
    /** Lessons not required for completion; every other listed lesson is required. */
    optional: z.array(folderName).default([]),
    quizzes: quizSettingsSchema.prefault({}),
    /** How `.md` lessons are read: `$…$` is math only when a course says so ("$5 and $10" is money). */
    markdown: z.strictObject({ inlineMath: z.boolean().default(false) }).prefault({}),
  })
  .superRefine((course, ctx) => {
    if (course.outcomes.zh.length !== course.outcomes.en.length) {
      ctx.addIssue({
        code: "custom",
        path: ["outcomes", "en"],
        message: "zh and en must list the same number of outcomes",
      });
    }
    course.optional.forEach((lesson, index) => {
      if (!course.lessons.includes(lesson)) {
        ctx.addIssue({
          code: "custom",
          path: ["optional", index],
          message: `"${lesson}" is not listed under lessons:`,
        });
      }
    });
    course.lessons.forEach((lesson, index) => {
      if (course.lessons.indexOf(lesson) !== index) {
        ctx.addIssue({
          code: "custom",
          path: ["lessons", index],
          message: `lesson "${lesson}" is listed twice`,
        });
      }
    });
  });

export const lessonFrontmatterSchema = z.strictObject({
  id: stableId,
  title: text(200),
  minutes: z.number().int().positive().max(600),
  required: z.boolean(),
  lab: lessonLabSchema.optional(),
});

export type CourseFile = z.output<typeof courseSchema>;
export type LessonFrontmatter = z.output<typeof lessonFrontmatterSchema>;
export type QuizSettings = z.output<typeof quizSettingsSchema>;
