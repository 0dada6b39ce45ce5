import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Roles and locales have one home each in app/; the columns below take their values from there.
import { ROLE_NAMES, type RoleName } from "~/auth/permissions";
import { type Locale as AppLocale, DEFAULT_LOCALE, SUPPORTED_LOCALES } from "~/i18n/locale";

export type Role = RoleName;
export type Locale = AppLocale;

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const universities = sqliteTable("universities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  code: text("code").notNull().unique(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLE_NAMES }).notNull().default("student"),
    universityId: integer("university_id").references(() => universities.id),
    studentNumber: text("student_number"),
    locale: text("locale", { enum: SUPPORTED_LOCALES }).notNull().default(DEFAULT_LOCALE),
    passwordHash: text("password_hash").notNull(),
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("users_name_idx").on(t.name),
    index("users_role_idx").on(t.role),
    index("users_university_idx").on(t.universityId),
    // A student number names one person within a university (NULLs never collide).
    uniqueIndex("users_university_student_number_idx").on(t.universityId, t.studentNumber),
  ],
);

/** A signed-in browser. The cookie carries a random id; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const passwordResetTokens = sqliteTable(
  "password_reset_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("password_reset_user_idx").on(t.userId)],
);

/** Every admin and teacher write. Append-only. */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorId: integer("actor_id").references(() => users.id),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    requestId: text("request_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_actor_idx").on(t.actorId, t.createdAt),
    index("audit_action_idx").on(t.action, t.createdAt),
    index("audit_created_idx").on(t.createdAt),
  ],
);

/** Failed sign-ins, for throttling by email and by client address. */
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("login_failures_email_idx").on(t.email, t.createdAt),
    index("login_failures_ip_idx").on(t.ip, t.createdAt),
  ],
);

export const ENROLMENT_STATUSES = ["active", "completed", "dropped"] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

/**
 * One course (by its stable id in content/) taught at one university in one
 * term. Dates are calendar days in Asia/Shanghai, `YYYY-MM-DD`, both inclusive.
 */
export const cohorts = sqliteTable(
  "cohorts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: text("course_id").notNull(),
    universityId: integer("university_id")
      .notNull()
      .references(() => universities.id),
    name: text("name").notNull(),
    term: text("term").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    /** Null: no limit. */
    capacity: integer("capacity"),
    joinCode: text("join_code").notNull().unique(),
    /** Null: the code never expires. */
    joinCodeExpiresAt: integer("join_code_expires_at", { mode: "timestamp_ms" }),
    archivedAt: integer("archived_at", { mode: "timestamp_ms" }),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("cohorts_course_idx").on(t.courseId),
    index("cohorts_university_idx").on(t.universityId, t.term),
  ],
);

/** Codes a cohort used before a rotation: kept so a stale code says "replaced", not "unknown". */
export const retiredJoinCodes = sqliteTable(
  "retired_join_codes",
  {
    code: text("code").primaryKey(),
    cohortId: integer("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("retired_join_codes_cohort_idx").on(t.cohortId)],
);

export const cohortTeachers = sqliteTable(
  "cohort_teachers",
  {
    cohortId: integer("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.cohortId, t.userId] }),
    // A teacher's cohorts (their workspace home).
    index("cohort_teachers_user_idx").on(t.userId),
  ],
);

export const enrolments = sqliteTable(
  "enrolments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    cohortId: integer("cohort_id")
      .notNull()
      .references(() => cohorts.id),
    status: text("status", { enum: ENROLMENT_STATUSES }).notNull().default("active"),
    enrolledAt: integer("enrolled_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    droppedAt: integer("dropped_at", { mode: "timestamp_ms" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    // One enrolment per person and cohort, whatever a double-click or a race sends; also the dashboard's lookup.
    uniqueIndex("enrolments_user_cohort_idx").on(t.userId, t.cohortId),
    // Rosters and capacity counts.
    index("enrolments_cohort_status_idx").on(t.cohortId, t.status),
  ],
);

/**
 * One row per person and lesson, keyed by the stable course and lesson ids
 * (never folder names), so renaming or reordering lessons loses nothing.
 */
export const lessonProgress = sqliteTable(
  "lesson_progress",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    courseId: text("course_id").notNull(),
    lessonId: text("lesson_id").notNull(),
    firstSeenAt: integer("first_seen_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    secondsSpent: integer("seconds_spent").notNull().default(0),
  },
  (t) => [
    // The dashboard (one person's courses) and the progress matrix (a roster's rows for one course).
    uniqueIndex("lesson_progress_user_lesson_idx").on(t.userId, t.courseId, t.lessonId),
    // "Continue where you left off".
    index("lesson_progress_user_seen_idx").on(t.userId, t.lastSeenAt),
  ],
);

export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    courseId: text("course_id").notNull(),
    lessonId: text("lesson_id").notNull(),
    quizId: text("quiz_id").notNull(),
    /** Raw answers by question id, as graded. */
    answers: text("answers", { mode: "json" }).notNull().$type<Record<string, string[]>>(),
    correctCount: integer("correct_count").notNull(),
    total: integer("total").notNull(),
    /** Percent, 0–100. */
    score: integer("score").notNull(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    // Throttle, attempt limits and best-or-last per person and quiz; the dashboard per person and course.
    index("quiz_attempts_user_quiz_idx").on(t.userId, t.courseId, t.lessonId, t.quizId, t.submittedAt),
    // Item analysis of one quiz across a course.
    index("quiz_attempts_quiz_idx").on(t.courseId, t.lessonId, t.quizId),
  ],
);

/** Issued once per person and course; the id is the unguessable public reference. */
export const certificates = sqliteTable(
  "certificates",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    courseId: text("course_id").notNull(),
    cohortId: integer("cohort_id")
      .notNull()
      .references(() => cohorts.id),
    issuedAt: integer("issued_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedReason: text("revoked_reason"),
    revokedBy: integer("revoked_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("certificates_user_course_idx").on(t.userId, t.courseId),
    index("certificates_cohort_idx").on(t.cohortId),
  ],
);

/** Failed join attempts (unknown, expired, replaced codes), for throttling like sign-in. */
export const joinFailures = sqliteTable(
  "join_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ip: text("ip").notNull(),
    userId: integer("user_id"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("join_failures_ip_idx").on(t.ip, t.createdAt)],
);

export type University = typeof universities.$inferSelect;
export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type Cohort = typeof cohorts.$inferSelect;
export type Enrolment = typeof enrolments.$inferSelect;
export type LessonProgress = typeof lessonProgress.$inferSelect;
export type QuizAttempt = typeof quizAttempts.$inferSelect;
export type Certificate = typeof certificates.$inferSelect;
