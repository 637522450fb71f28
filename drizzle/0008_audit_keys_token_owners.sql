ALTER TABLE `audit_events` ADD `key_id` text;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `revoked_reason` text;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `owner_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `expires_on` text;--> statement-breakpoint
-- Tokens from before owners and expiry: the creator is the accountable owner, and they
-- expire 90 days after the upgrade (the tokens page warns 14 days ahead).
UPDATE `api_tokens` SET `owner_id` = `created_by` WHERE `owner_id` IS NULL;
--> statement-breakpoint
UPDATE `api_tokens` SET `expires_on` = date('now', '+90 days') WHERE `expires_on` IS NULL;
--> statement-breakpoint
UPDATE `api_tokens` SET `revoked_reason` = 'revoked' WHERE `revoked_at` IS NOT NULL AND `revoked_reason` IS NULL;
