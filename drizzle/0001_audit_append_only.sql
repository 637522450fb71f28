-- The audit trail is append-only: any UPDATE or DELETE of an event is refused.
CREATE TRIGGER `audit_events_no_update` BEFORE UPDATE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_events_no_delete` BEFORE DELETE ON `audit_events`
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
--> statement-breakpoint
-- Earlier versions of clinical rows are history: never rewritten, never removed.
CREATE TRIGGER `record_history_no_update` BEFORE UPDATE ON `record_history`
BEGIN
  SELECT RAISE(ABORT, 'record_history is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `record_history_no_delete` BEFORE DELETE ON `record_history`
BEGIN
  SELECT RAISE(ABORT, 'record_history is append-only');
END;
