-- The teacher home reads one summary per enrolment by its primary key: stored clustered by that key
-- (WITHOUT ROWID), a probe is one b-tree descent instead of the key's index and then the row.
-- Drizzle's schema has no word for WITHOUT ROWID; the columns stay as db/schema.ts declares them.
CREATE TABLE `__new_progress_summaries` (
	`user_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`completed_required` integer DEFAULT 0 NOT NULL,
	`last_active_at` integer NOT NULL,
	`quiz_count` integer DEFAULT 0 NOT NULL,
	`quiz_best_total` integer DEFAULT 0 NOT NULL,
	`quiz_last_total` integer DEFAULT 0 NOT NULL,
	`quiz_last_at` integer,
	PRIMARY KEY(`user_id`, `course_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_progress_summaries` SELECT `user_id`, `course_id`, `completed_required`, `last_active_at`,
	`quiz_count`, `quiz_best_total`, `quiz_last_total`, `quiz_last_at` FROM `progress_summaries`;
--> statement-breakpoint
DROP TABLE `progress_summaries`;
--> statement-breakpoint
ALTER TABLE `__new_progress_summaries` RENAME TO `progress_summaries`;
--> statement-breakpoint
CREATE INDEX `progress_summaries_course_idx` ON `progress_summaries` (`course_id`);
