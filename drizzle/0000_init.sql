CREATE TABLE `auth_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`session_version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `auth_sessions_user_idx` ON `auth_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `signin_attempts` (
	`client_key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`window_start` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`session_version` integer DEFAULT 1 NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`user_email` text,
	`role` text,
	`origin` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`patient_id` integer,
	`before_json` text,
	`after_json` text,
	`reason` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
CREATE INDEX `audit_patient_idx` ON `audit_events` (`patient_id`);--> statement-breakpoint
CREATE INDEX `audit_user_idx` ON `audit_events` (`user_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value_json` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` integer
);
--> statement-breakpoint
CREATE TABLE `patients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mrn` text NOT NULL,
	`family_name` text NOT NULL,
	`given_name` text NOT NULL,
	`birth_date` text NOT NULL,
	`sex` text NOT NULL,
	`diagnosis_group` text NOT NULL,
	`onset_date` text,
	`diagnosis_date` text,
	`physician_id` integer,
	`notes` text DEFAULT '' NOT NULL,
	`search_text` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`entered_in_error` integer DEFAULT false NOT NULL,
	`error_reason` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`physician_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patients_mrn_unique` ON `patients` (`mrn`);--> statement-breakpoint
CREATE INDEX `patients_family_idx` ON `patients` (`family_name`,`given_name`);--> statement-breakpoint
CREATE INDEX `patients_search_idx` ON `patients` (`search_text`);--> statement-breakpoint
CREATE TABLE `record_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`patient_id` integer,
	`version` integer NOT NULL,
	`data_json` text NOT NULL,
	`change_reason` text NOT NULL,
	`changed_by` integer,
	`changed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `record_history_entity_idx` ON `record_history` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `antibody_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`assay_id` integer NOT NULL,
	`analyte` text NOT NULL,
	`collected_on` text NOT NULL,
	`value` real,
	`comparator` text,
	`qualitative` text,
	`unit` text NOT NULL,
	`cutoff` real,
	`positive_from` real,
	`strong_above` real,
	`accession` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`entered_in_error` integer DEFAULT false NOT NULL,
	`error_reason` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assay_id`) REFERENCES `assays`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `antibody_patient_date_idx` ON `antibody_results` (`patient_id`,`collected_on`);--> statement-breakpoint
CREATE INDEX `antibody_accession_idx` ON `antibody_results` (`accession`);--> statement-breakpoint
CREATE TABLE `assays` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`analyte` text NOT NULL,
	`method` text NOT NULL,
	`kit` text DEFAULT '' NOT NULL,
	`lab` text DEFAULT '' NOT NULL,
	`unit` text NOT NULL,
	`qualitative_only` integer DEFAULT false NOT NULL,
	`cutoff` real,
	`positive_from` real,
	`strong_above` real,
	`loinc` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `enzyme_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`analyte` text NOT NULL,
	`collected_on` text NOT NULL,
	`value` real NOT NULL,
	`unit` text NOT NULL,
	`value_ul` real NOT NULL,
	`lower_limit_ul` real,
	`upper_limit_ul` real NOT NULL,
	`accession` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`entered_in_error` integer DEFAULT false NOT NULL,
	`error_reason` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `enzyme_patient_date_idx` ON `enzyme_results` (`patient_id`,`collected_on`);--> statement-breakpoint
CREATE INDEX `enzyme_accession_idx` ON `enzyme_results` (`accession`);--> statement-breakpoint
CREATE TABLE `medication_epochs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`drug` text NOT NULL,
	`drug_class` text NOT NULL,
	`immunosuppressant` integer NOT NULL,
	`dose` real NOT NULL,
	`dose_unit` text NOT NULL,
	`route` text NOT NULL,
	`frequency` text NOT NULL,
	`start_on` text NOT NULL,
	`end_on` text,
	`reason` text NOT NULL,
	`end_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`entered_in_error` integer DEFAULT false NOT NULL,
	`error_reason` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meds_patient_idx` ON `medication_epochs` (`patient_id`,`drug`,`start_on`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`visit_on` text NOT NULL,
	`clinician_id` integer,
	`clinician_name` text NOT NULL,
	`mmt_version` text,
	`mmt_grades_json` text DEFAULT '{}' NOT NULL,
	`mmt_total` integer,
	`mmt_tested` integer DEFAULT 0 NOT NULL,
	`mmt_max` integer,
	`physician_global` real,
	`patient_global` real,
	`haq` real,
	`extramuscular` real,
	`findings_json` text DEFAULT '[]' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`entered_in_error` integer DEFAULT false NOT NULL,
	`error_reason` text,
	`created_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clinician_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visits_patient_date_idx` ON `visits` (`patient_id`,`visit_on`);--> statement-breakpoint
CREATE TABLE `patient_signals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`code` text NOT NULL,
	`level` text NOT NULL,
	`level_rank` integer NOT NULL,
	`analyte` text,
	`since` text NOT NULL,
	`explanation` text NOT NULL,
	`result_ids_json` text NOT NULL,
	`evidence_json` text NOT NULL,
	`fingerprint` text NOT NULL,
	`computed_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `signals_patient_idx` ON `patient_signals` (`patient_id`);--> statement-breakpoint
CREATE INDEX `signals_rank_idx` ON `patient_signals` (`level_rank`,`patient_id`);--> statement-breakpoint
CREATE TABLE `signal_acknowledgements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`code` text NOT NULL,
	`fingerprint` text NOT NULL,
	`note` text NOT NULL,
	`user_id` integer NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ack_patient_idx` ON `signal_acknowledgements` (`patient_id`,`fingerprint`);