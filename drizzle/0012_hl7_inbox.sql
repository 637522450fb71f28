CREATE TABLE `hl7_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`raw_text` text NOT NULL,
	`sending_application` text NOT NULL,
	`sending_facility` text NOT NULL,
	`control_id` text NOT NULL,
	`message_hash` text NOT NULL,
	`patient_as_sent` text DEFAULT '' NOT NULL,
	`problem` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`received_at` text NOT NULL,
	`resolved_by` integer,
	`resolved_at` text,
	`resolution` text,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `hl7_inbox_status_idx` ON `hl7_inbox` (`status`,`received_at`);--> statement-breakpoint
CREATE INDEX `hl7_inbox_message_idx` ON `hl7_inbox` (`message_hash`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_events` (`entity`,`entity_id`);