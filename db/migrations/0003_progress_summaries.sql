CREATE TABLE `progress_summaries` (
	`user_id` integer NOT NULL,
	`course_id` text NOT NULL,
	`completed_required` integer DEFAULT 0 NOT NULL,
	`last_active_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `course_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `progress_summaries_course_idx` ON `progress_summaries` (`course_id`);--> statement-breakpoint
CREATE TABLE `progress_summary_rules` (
	`course_id` text PRIMARY KEY NOT NULL,
	`required_lessons` text NOT NULL,
	`counted_at` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `enrolments_cohort_status_idx`;--> statement-breakpoint
CREATE INDEX `enrolments_cohort_status_idx` ON `enrolments` (`cohort_id`,`status`,`user_id`,`enrolled_at`);