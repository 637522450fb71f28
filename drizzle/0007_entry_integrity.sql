ALTER TABLE `antibody_results` ADD `cutoff_dilution_positive` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `assays` ADD `measuring_max` real;--> statement-breakpoint
ALTER TABLE `assays` ADD `cutoff_dilution_positive` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `enzyme_results` ADD `range_source` text DEFAULT 'lab' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `patients_mrn_nocase_idx` ON `patients` ("mrn" collate nocase);