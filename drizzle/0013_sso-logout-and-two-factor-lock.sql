ALTER TABLE `auth_sessions` ADD `id_token` text;--> statement-breakpoint
ALTER TABLE `users` ADD `two_factor_locked_at` integer;