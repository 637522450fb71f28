CREATE TABLE `code_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`domain` text NOT NULL,
	`sender_application` text DEFAULT '' NOT NULL,
	`sender_facility` text DEFAULT '' NOT NULL,
	`code_system` text NOT NULL,
	`code` text NOT NULL,
	`display` text DEFAULT '' NOT NULL,
	`unit` text DEFAULT '' NOT NULL,
	`target_kind` text NOT NULL,
	`assay_id` integer,
	`target_code` text,
	`active` integer DEFAULT true NOT NULL,
	`confirmed_by` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`confirmed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `code_mappings_key_idx` ON `code_mappings` (`domain`,`sender_application`,`sender_facility`,`code_system`,`code`) WHERE "code_mappings"."active" = 1;--> statement-breakpoint
CREATE TABLE `sender_identifiers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resource` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`patient_id` integer NOT NULL,
	`system` text DEFAULT '' NOT NULL,
	`value` text NOT NULL,
	`type_code` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sender_identifiers_key_idx` ON `sender_identifiers` (`resource`,`system`,`value`) WHERE "sender_identifiers"."system" <> '';--> statement-breakpoint
CREATE INDEX `sender_identifiers_entity_idx` ON `sender_identifiers` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `sender_identifiers_patient_idx` ON `sender_identifiers` (`patient_id`);--> statement-breakpoint
ALTER TABLE `patients` ADD `given_names_json` text;