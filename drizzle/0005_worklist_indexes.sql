DROP INDEX `summaries_rank_idx`;--> statement-breakpoint
CREATE INDEX `summaries_order_idx` ON `patient_summaries` (`top_level_rank`,"latest_signal_since" desc);--> statement-breakpoint
CREATE INDEX `patients_in_error_idx` ON `patients` (`id`) WHERE "patients"."entered_in_error" = 1;