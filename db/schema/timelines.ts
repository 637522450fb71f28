import { blob, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { patients } from './patients';

/**
 * One row per patient: the patient page's timeline (lib/domain/timeline) and visit
 * responses (TIS against the default baseline), built in the transaction of every
 * change to the patient (with the signals), so a page view reads them instead of
 * rebuilding 20 years of series (docs/decisions/0011).
 * `builtFor` is the day it was built as of (the timeline ends today): a row from an
 * earlier day is rebuilt on view until the nightly `signals:recompute` refreshes it.
 */
export const patientTimelines = sqliteTable('patient_timelines', {
  patientId: integer('patient_id').primaryKey().references(() => patients.id),
  builtFor: text('built_for').notNull(),
  /** JSON of lib/domain/timeline/shell.ts TimelineShell (what the server renders as HTML). */
  shellJson: text('shell_json').notNull(),
  /** JSON of the latest values and correlation rows shown beside the panels. */
  latestJson: text('latest_json').notNull(),
  correlationsJson: text('correlations_json').notNull(),
  /** JSON of lib/domain/response.ts visitResponses against the default baseline (the visits table's TIS column). */
  responsesJson: text('responses_json').notNull(),
  /** The whole TimelineData as deflate-raw JSON (lib/dal/timeline-wire.ts), decoded in the browser. */
  data: blob('data', { mode: 'buffer' }).notNull(),
  updatedAt: text('updated_at').notNull(),
});
