DROP INDEX `compute_holds_status_expiry_idx`;--> statement-breakpoint
DROP INDEX `compute_holds_account_idx`;--> statement-breakpoint
CREATE INDEX `compute_holds_open_expiry_idx` ON `compute_holds` (`expires_at`) WHERE "status" = 'open';--> statement-breakpoint
CREATE INDEX `compute_holds_open_account_idx` ON `compute_holds` (`account_id`) WHERE "status" = 'open';