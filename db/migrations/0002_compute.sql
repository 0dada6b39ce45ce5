CREATE TABLE `compute_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`pool_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pool_id`) REFERENCES `compute_pools`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compute_accounts_user_pool_idx` ON `compute_accounts` (`user_id`,`pool_id`);--> statement-breakpoint
CREATE INDEX `compute_accounts_pool_idx` ON `compute_accounts` (`pool_id`);--> statement-breakpoint
CREATE TABLE `compute_client_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`secret_encrypted` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`not_after` integer,
	`revoked_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `compute_clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `compute_client_keys_client_idx` ON `compute_client_keys` (`client_id`);--> statement-breakpoint
CREATE TABLE `compute_clients` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE TABLE `compute_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pool_id` integer NOT NULL,
	`cohort_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	`include_later_joiners_until` integer,
	`expires_at` integer NOT NULL,
	`purpose` text NOT NULL,
	`issued_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`pool_id`) REFERENCES `compute_pools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `compute_grants_cohort_idx` ON `compute_grants` (`cohort_id`);--> statement-breakpoint
CREATE INDEX `compute_grants_pool_idx` ON `compute_grants` (`pool_id`,`expires_at`);--> statement-breakpoint
CREATE TABLE `compute_handles` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`handle` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compute_handles_handle_unique` ON `compute_handles` (`handle`);--> statement-breakpoint
CREATE TABLE `compute_holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`hold_id` text NOT NULL,
	`account_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	`job_id` text NOT NULL,
	`body_hash` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`response` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `compute_clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `compute_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compute_holds_client_hold_idx` ON `compute_holds` (`client_id`,`hold_id`);--> statement-breakpoint
CREATE INDEX `compute_holds_status_expiry_idx` ON `compute_holds` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `compute_holds_account_idx` ON `compute_holds` (`account_id`,`status`);--> statement-breakpoint
CREATE TABLE `compute_pools` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`hardware_zh` text NOT NULL,
	`hardware_en` text NOT NULL,
	`capacity_minutes_per_month` integer NOT NULL,
	`overcommit_percent` integer DEFAULT 100 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compute_pools_slug_unique` ON `compute_pools` (`slug`);--> statement-breakpoint
CREATE TABLE `compute_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cohort_id` integer NOT NULL,
	`teacher_id` integer NOT NULL,
	`pool_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`decision_reason` text,
	`grant_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`teacher_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pool_id`) REFERENCES `compute_pools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grant_id`) REFERENCES `compute_grants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `compute_requests_cohort_idx` ON `compute_requests` (`cohort_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `compute_requests_status_idx` ON `compute_requests` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `compute_usage_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`record_id` text NOT NULL,
	`hold_id` integer NOT NULL,
	`account_id` integer NOT NULL,
	`job_id` text NOT NULL,
	`minutes` integer NOT NULL,
	`unpaid_minutes` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`body_hash` text NOT NULL,
	`response` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `compute_clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hold_id`) REFERENCES `compute_holds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `compute_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compute_usage_client_record_idx` ON `compute_usage_records` (`client_id`,`record_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `compute_usage_hold_idx` ON `compute_usage_records` (`hold_id`);--> statement-breakpoint
CREATE INDEX `compute_usage_ended_idx` ON `compute_usage_records` (`ended_at`);--> statement-breakpoint
CREATE TABLE `credit_lots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`entry_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	`remaining` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`voucher_id` integer,
	`grant_id` integer,
	FOREIGN KEY (`account_id`) REFERENCES `compute_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voucher_id`) REFERENCES `vouchers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grant_id`) REFERENCES `compute_grants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credit_lots_entry_id_unique` ON `credit_lots` (`entry_id`);--> statement-breakpoint
CREATE INDEX `credit_lots_account_expiry_idx` ON `credit_lots` (`account_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `credit_lots_expiry_idx` ON `credit_lots` (`expires_at`,`remaining`);--> statement-breakpoint
CREATE INDEX `credit_lots_grant_idx` ON `credit_lots` (`grant_id`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	`kind` text NOT NULL,
	`reference` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`actor_user_id` integer,
	`client_id` text,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `compute_accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`client_id`) REFERENCES `compute_clients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_idempotency_key_unique` ON `ledger_entries` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `ledger_entries_account_idx` ON `ledger_entries` (`account_id`,`id`,`minutes`);--> statement-breakpoint
CREATE INDEX `ledger_entries_kind_idx` ON `ledger_entries` (`kind`,`created_at`);--> statement-breakpoint
CREATE TABLE `lot_allocations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`lot_id` integer NOT NULL,
	`minutes` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `credit_lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lot_allocations_entry_idx` ON `lot_allocations` (`entry_id`);--> statement-breakpoint
CREATE INDEX `lot_allocations_lot_idx` ON `lot_allocations` (`lot_id`);--> statement-breakpoint
CREATE TABLE `redeem_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`ip` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `redeem_failures_user_idx` ON `redeem_failures` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `redeem_failures_ip_idx` ON `redeem_failures` (`ip`,`created_at`);--> statement-breakpoint
CREATE TABLE `voucher_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`pool_id` integer NOT NULL,
	`minutes_each` integer NOT NULL,
	`count` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`purpose` text NOT NULL,
	`cohort_id` integer,
	`issued_by` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`revoked_at` integer,
	`revoked_by` integer,
	FOREIGN KEY (`pool_id`) REFERENCES `compute_pools`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `voucher_batches_pool_idx` ON `voucher_batches` (`pool_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `voucher_batches_created_idx` ON `voucher_batches` (`created_at`);--> statement-breakpoint
CREATE TABLE `vouchers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`status` text DEFAULT 'issued' NOT NULL,
	`redeemed_by` integer,
	`redeemed_at` integer,
	FOREIGN KEY (`batch_id`) REFERENCES `voucher_batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`redeemed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_code_hash_unique` ON `vouchers` (`code_hash`);--> statement-breakpoint
CREATE INDEX `vouchers_batch_status_idx` ON `vouchers` (`batch_id`,`status`);--> statement-breakpoint
CREATE INDEX `vouchers_redeemed_by_idx` ON `vouchers` (`redeemed_by`);