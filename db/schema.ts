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
    // Rosters and capacity counts; with the learner and join time it covers the teacher home's figures.
    index("enrolments_cohort_status_idx").on(t.cohortId, t.status, t.userId, t.enrolledAt),
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

/**
 * One person's standing in one course, derived from lesson_progress so the
 * teacher's home reads one row per enrolment instead of aggregating every
 * progress row (decision: progress summaries). Keyed like progress (person ×
 * course, not enrolment), so joining, dropping, restoring and importing
 * change nothing here. Kept by app/models/progress-summaries.server.ts.
 */
// Stored WITHOUT ROWID, clustered by its primary key (migration 0005; Drizzle's schema cannot say so).
export const progressSummaries = sqliteTable(
  "progress_summaries",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    courseId: text("course_id").notNull(),
    /** Completed lessons among the course's required ones, as progress_summary_rules lists them. */
    completedRequired: integer("completed_required").notNull().default(0),
    /**
     * The newest last_seen_at of the person's lessons in the course, up to an hour behind (reading
     * time); 0 for someone who has only submitted quizzes.
     */
    lastActiveAt: integer("last_active_at", { mode: "timestamp_ms" }).notNull(),
    /** Over the quizzes progress_summary_rules lists: how many were attempted, and the sums of their best and of their last scores. */
    quizCount: integer("quiz_count").notNull().default(0),
    quizBestTotal: integer("quiz_best_total").notNull().default(0),
    quizLastTotal: integer("quiz_last_total").notNull().default(0),
    /** The latest quiz submission in the course, listed or not; null before the first. */
    quizLastAt: integer("quiz_last_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.courseId] }),
    // Recounting one course whose required lessons changed: its learners, not every summary.
    index("progress_summaries_course_idx").on(t.courseId),
  ],
);

/**
 * The required lessons each course had when its summaries were last counted
 * (a JSON array of lesson ids, sorted): compared with content at start-up so a
 * deploy that changes a course's rules recounts that course. No rows at all
 * means the summaries were never built.
 */
export const progressSummaryRules = sqliteTable("progress_summary_rules", {
  courseId: text("course_id").primaryKey(),
  requiredLessons: text("required_lessons").notNull(),
  /** The course's quizzes ([lessonId, quizId] pairs, sorted) its quiz figures were counted over. */
  listedQuizzes: text("listed_quizzes").notNull().default("[]"),
  countedAt: integer("counted_at", { mode: "timestamp_ms" }).notNull(),
});

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
    // Carries the score so the per-student aggregates (progress matrix, dashboard) never read an
    // attempt's row, whose stored answers make it wide: 14 ms instead of ~1.5 ms for a 300-student cohort.
    index("quiz_attempts_user_quiz_idx").on(
      t.userId,
      t.courseId,
      t.lessonId,
      t.quizId,
      t.submittedAt,
      t.score,
    ),
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

// ---- Compute vouchers and the minutes ledger (see docs/compute.md) ----

export const POOL_STATUSES = ["active", "retired"] as const;
export type PoolStatus = (typeof POOL_STATUSES)[number];

/** A slice of the computing center's hardware that minutes are spent on. */
export const computePools = sqliteTable("compute_pools", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  nameZh: text("name_zh").notNull(),
  nameEn: text("name_en").notNull(),
  hardwareZh: text("hardware_zh").notNull(),
  hardwareEn: text("hardware_en").notNull(),
  capacityMinutesPerMonth: integer("capacity_minutes_per_month").notNull(),
  /** How far issuance may exceed capacity, in percent: 150 = capacity × 1.5. Integer, never a float. */
  overcommitPercent: integer("overcommit_percent").notNull().default(100),
  status: text("status", { enum: POOL_STATUSES }).notNull().default("active"),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
});

/** The stable public name of a person for the center: random, never the user id or the email. */
export const computeHandles = sqliteTable("compute_handles", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  handle: text("handle").notNull().unique(),
  createdAt: createdAt(),
});

/** One person's minutes in one pool. */
export const computeAccounts = sqliteTable(
  "compute_accounts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    poolId: integer("pool_id")
      .notNull()
      .references(() => computePools.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("compute_accounts_user_pool_idx").on(t.userId, t.poolId),
    index("compute_accounts_pool_idx").on(t.poolId),
  ],
);

export const voucherBatches = sqliteTable(
  "voucher_batches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    poolId: integer("pool_id")
      .notNull()
      .references(() => computePools.id),
    minutesEach: integer("minutes_each").notNull(),
    count: integer("count").notNull(),
    /** The instant the codes and their unspent minutes die. */
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    purpose: text("purpose").notNull(),
    cohortId: integer("cohort_id").references(() => cohorts.id),
    /** Null: issued from the command line. */
    issuedBy: integer("issued_by").references(() => users.id),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    revokedBy: integer("revoked_by").references(() => users.id),
  },
  (t) => [
    index("voucher_batches_pool_idx").on(t.poolId, t.expiresAt),
    index("voucher_batches_created_idx").on(t.createdAt),
  ],
);

export const VOUCHER_STATUSES = ["issued", "redeemed", "revoked", "expired"] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

/** One code. Only the SHA-256 of its normalised form is kept; the code itself is shown once. */
export const vouchers = sqliteTable(
  "vouchers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: integer("batch_id")
      .notNull()
      .references(() => voucherBatches.id),
    codeHash: text("code_hash").notNull().unique(),
    status: text("status", { enum: VOUCHER_STATUSES }).notNull().default("issued"),
    redeemedBy: integer("redeemed_by").references(() => users.id),
    redeemedAt: integer("redeemed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("vouchers_batch_status_idx").on(t.batchId, t.status),
    index("vouchers_redeemed_by_idx").on(t.redeemedBy),
  ],
);

/** Minutes credited to every active student of a cohort, and optionally to later joiners. */
export const computeGrants = sqliteTable(
  "compute_grants",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    poolId: integer("pool_id")
      .notNull()
      .references(() => computePools.id),
    cohortId: integer("cohort_id")
      .notNull()
      .references(() => cohorts.id),
    /** Per student. */
    minutes: integer("minutes").notNull(),
    /** Null: only the students enrolled at grant time. */
    includeLaterJoinersUntil: integer("include_later_joiners_until", { mode: "timestamp_ms" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    purpose: text("purpose").notNull(),
    issuedBy: integer("issued_by").references(() => users.id),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("compute_grants_cohort_idx").on(t.cohortId),
    index("compute_grants_pool_idx").on(t.poolId, t.expiresAt),
  ],
);

export const COMPUTE_REQUEST_STATUSES = ["pending", "approved", "declined"] as const;
export type ComputeRequestStatus = (typeof COMPUTE_REQUEST_STATUSES)[number];

/** A teacher asking for minutes for a cohort; an admin approves (issuing a grant) or declines. */
export const computeRequests = sqliteTable(
  "compute_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    cohortId: integer("cohort_id")
      .notNull()
      .references(() => cohorts.id),
    teacherId: integer("teacher_id")
      .notNull()
      .references(() => users.id),
    poolId: integer("pool_id")
      .notNull()
      .references(() => computePools.id),
    /** Per student. */
    minutes: integer("minutes").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: COMPUTE_REQUEST_STATUSES }).notNull().default("pending"),
    decidedBy: integer("decided_by").references(() => users.id),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    decisionReason: text("decision_reason"),
    grantId: integer("grant_id").references(() => computeGrants.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("compute_requests_cohort_idx").on(t.cohortId, t.createdAt),
    index("compute_requests_status_idx").on(t.status, t.createdAt),
  ],
);

export const CLIENT_STATUSES = ["active", "revoked"] as const;

/** A program of the computing center that calls /api/compute/v1. The id is public (X-Client-Id). */
export const computeClients = sqliteTable("compute_clients", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  status: text("status", { enum: CLIENT_STATUSES }).notNull().default("active"),
  createdAt: createdAt(),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
});

/**
 * A client's signing secret. HMAC verification needs the secret itself, so it is
 * kept encrypted (AES-256-GCM, key derived from the session secret), not hashed.
 * Several keys may be live during a rotation; `notAfter` ends the old one.
 */
export const computeClientKeys = sqliteTable(
  "compute_client_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: text("client_id")
      .notNull()
      .references(() => computeClients.id),
    secretEncrypted: text("secret_encrypted").notNull(),
    createdAt: createdAt(),
    /** Null: valid until rotated or revoked. */
    notAfter: integer("not_after", { mode: "timestamp_ms" }),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("compute_client_keys_client_idx").on(t.clientId)],
);

export const LEDGER_KINDS = [
  "redeem",
  "grant",
  "hold",
  "release",
  "usage",
  "expire",
  "revoke",
  "adjust",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/**
 * The minutes ledger: append-only, signed integer minutes per account. A
 * balance is the sum of its account's entries; nothing updates or deletes a row.
 */
export const ledgerEntries = sqliteTable(
  "ledger_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => computeAccounts.id),
    minutes: integer("minutes").notNull(),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    /** What the entry is about, as `type:id` (voucher:12, grant:3, hold:7, usage:9, lot:4). */
    reference: text("reference").notNull(),
    /** Makes every credit and debit happen once, whoever retries. */
    idempotencyKey: text("idempotency_key").notNull().unique(),
    actorUserId: integer("actor_user_id").references(() => users.id),
    clientId: text("client_id").references(() => computeClients.id),
    note: text("note"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("ledger_entries_account_idx").on(t.accountId, t.id, t.minutes),
    index("ledger_entries_kind_idx").on(t.kind, t.createdAt),
  ],
);

/**
 * Minutes that arrived together and expire together (a redeemed voucher, a
 * grant, a positive adjustment). `remaining` caches the sum of the lot's
 * allocations; tests check the two agree.
 */
export const creditLots = sqliteTable(
  "credit_lots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => computeAccounts.id),
    entryId: integer("entry_id")
      .notNull()
      .unique()
      .references(() => ledgerEntries.id),
    minutes: integer("minutes").notNull(),
    remaining: integer("remaining").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    voucherId: integer("voucher_id").references(() => vouchers.id),
    grantId: integer("grant_id").references(() => computeGrants.id),
  },
  (t) => [
    // Spending walks an account's live lots, soonest expiry first.
    index("credit_lots_account_expiry_idx").on(t.accountId, t.expiresAt),
    index("credit_lots_expiry_idx").on(t.expiresAt, t.remaining),
    index("credit_lots_grant_idx").on(t.grantId),
  ],
);

/** How each entry moved minutes in or out of lots: an entry's allocations sum to its minutes. */
export const lotAllocations = sqliteTable(
  "lot_allocations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entryId: integer("entry_id")
      .notNull()
      .references(() => ledgerEntries.id),
    lotId: integer("lot_id")
      .notNull()
      .references(() => creditLots.id),
    minutes: integer("minutes").notNull(),
  },
  (t) => [index("lot_allocations_entry_idx").on(t.entryId), index("lot_allocations_lot_idx").on(t.lotId)],
);

export const HOLD_STATUSES = ["open", "settled", "released", "lapsed"] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** The condition of an open hold, in the words of the partial indexes of compute_holds. */
const OPEN_HOLD = sql.raw(`"status" = 'open'`);

/** Minutes reserved by the center before a job; `holdId` is the client's idempotency key. */
export const computeHolds = sqliteTable(
  "compute_holds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: text("client_id")
      .notNull()
      .references(() => computeClients.id),
    holdId: text("hold_id").notNull(),
    accountId: integer("account_id")
      .notNull()
      .references(() => computeAccounts.id),
    minutes: integer("minutes").notNull(),
    jobId: text("job_id").notNull(),
    /** SHA-256 of the request body: the same holdId with another body is a conflict. */
    bodyHash: text("body_hash").notNull(),
    status: text("status", { enum: HOLD_STATUSES }).notNull().default("open"),
    /** The first answer, replayed to retries. */
    response: text("response", { mode: "json" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("compute_holds_client_hold_idx").on(t.clientId, t.holdId),
    // Only open holds are ever looked up by deadline or account, and few are open at a time: the
    // indexes hold those alone, so a hold that closes leaves them instead of moving within them.
    // A query uses them only if it says `status = 'open'` in its text, not as a bound value.
    index("compute_holds_open_expiry_idx").on(t.expiresAt).where(OPEN_HOLD),
    index("compute_holds_open_account_idx").on(t.accountId).where(OPEN_HOLD),
  ],
);

/** A finished job's minutes, settled against its hold; `recordId` is the client's idempotency key. */
export const computeUsageRecords = sqliteTable(
  "compute_usage_records",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    clientId: text("client_id")
      .notNull()
      .references(() => computeClients.id),
    recordId: text("record_id").notNull(),
    holdId: integer("hold_id")
      .notNull()
      .references(() => computeHolds.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => computeAccounts.id),
    jobId: text("job_id").notNull(),
    minutes: integer("minutes").notNull(),
    /** Minutes the job ran beyond what the hold and the balance could pay (never debited). */
    unpaidMinutes: integer("unpaid_minutes").notNull().default(0),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }).notNull(),
    bodyHash: text("body_hash").notNull(),
    response: text("response", { mode: "json" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("compute_usage_client_record_idx").on(t.clientId, t.recordId),
    uniqueIndex("compute_usage_hold_idx").on(t.holdId),
    index("compute_usage_ended_idx").on(t.endedAt),
  ],
);

/** Failed redemptions, for throttling per student and per address. */
export const redeemFailures = sqliteTable(
  "redeem_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull(),
    ip: text("ip").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("redeem_failures_user_idx").on(t.userId, t.createdAt),
    index("redeem_failures_ip_idx").on(t.ip, t.createdAt),
  ],
);

export type ComputePool = typeof computePools.$inferSelect;
export type ComputeAccount = typeof computeAccounts.$inferSelect;
export type VoucherBatch = typeof voucherBatches.$inferSelect;
export type Voucher = typeof vouchers.$inferSelect;
export type ComputeGrant = typeof computeGrants.$inferSelect;
export type ComputeRequest = typeof computeRequests.$inferSelect;
export type LedgerEntry = typeof ledgerEntries.$inferSelect;
export type CreditLot = typeof creditLots.$inferSelect;
export type ComputeHold = typeof computeHolds.$inferSelect;
export type ComputeUsageRecord = typeof computeUsageRecords.$inferSelect;
