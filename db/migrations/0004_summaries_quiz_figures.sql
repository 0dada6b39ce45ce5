DROP INDEX `quiz_attempts_user_quiz_idx`;--> statement-breakpoint
CREATE INDEX `quiz_attempts_user_quiz_idx` ON `quiz_attempts` (`user_id`,`course_id`,`lesson_id`,`quiz_id`,`submitted_at`,`score`);--> statement-breakpoint
ALTER TABLE `progress_summaries` ADD `quiz_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `progress_summaries` ADD `quiz_best_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `progress_summaries` ADD `quiz_last_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `progress_summaries` ADD `quiz_last_at` integer;--> statement-breakpoint
ALTER TABLE `progress_summary_rules` ADD `listed_quizzes` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Summaries counted before they had quiz figures: forgetting what they were counted against makes the next start rebuild them all in one pass.
DELETE FROM `progress_summary_rules`;