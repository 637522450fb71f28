CREATE TABLE `patient_summaries` (
	`patient_id` integer PRIMARY KEY NOT NULL,
	`top_level_rank` integer NOT NULL,
	`signal_codes` text NOT NULL,
	`latest_signal_since` text,
	`snapshot_json` text NOT NULL,
	`last_titer_on` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `summaries_rank_idx` ON `patient_summaries` (`top_level_rank`,`latest_signal_since`);--> statement-breakpoint
CREATE INDEX `signals_code_idx` ON `patient_signals` (`code`,`patient_id`);