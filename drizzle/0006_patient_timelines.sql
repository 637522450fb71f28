CREATE TABLE `patient_timelines` (
	`patient_id` integer PRIMARY KEY NOT NULL,
	`built_for` text NOT NULL,
	`shell_json` text NOT NULL,
	`latest_json` text NOT NULL,
	`correlations_json` text NOT NULL,
	`responses_json` text NOT NULL,
	`data` blob NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE no action
);
