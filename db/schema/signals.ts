import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { users } from './auth';
import { patients } from './patients';

/** Materialized output of lib/domain/signals, replaced in the transaction of every change. */
export const patientSignals = sqliteTable(
  'patient_signals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id),
    code: text('code').notNull(),
    level: text('level', { enum: ['action', 'warning', 'info'] }).notNull(),
    /** 0 action, 1 warning, 2 info: sorts the worklist without a CASE expression. */
    levelRank: integer('level_rank').notNull(),
    analyte: text('analyte'),
    since: text('since').notNull(),
    explanation: text('explanation').notNull(),
    resultIdsJson: text('result_ids_json').notNull(),
    evidenceJson: text('evidence_json').notNull(),
    /** Stable hash of code + analyte + fired results: an acknowledgement holds while it matches. */
    fingerprint: text('fingerprint').notNull(),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [
    index('signals_patient_idx').on(t.patientId),
    index('signals_rank_idx').on(t.levelRank, t.patientId),
    index('signals_code_idx').on(t.code, t.patientId),
  ],
);

export const signalAcknowledgements = sqliteTable(
  'signal_acknowledgements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id),
    code: text('code').notNull(),
    fingerprint: text('fingerprint').notNull(),
    note: text('note').notNull(),
    userId: integer('user_id').notNull().references(() => users.id),
    at: text('at').notNull(),
  },
  (t) => [index('ack_patient_idx').on(t.patientId, t.fingerprint)],
);

/**
 * One row per patient, rewritten with the signals: the latest titer, CK and MMT-8 with
 * their trends, so the worklist reads one indexed row per patient and computes nothing.
 */
export const patientSummaries = sqliteTable(
  'patient_summaries',
  {
    patientId: integer('patient_id').primaryKey().references(() => patients.id),
    /** Best (lowest) level rank among active signals; 9 when none. */
    topLevelRank: integer('top_level_rank').notNull(),
    /** Space-separated signal codes, for display. */
    signalCodes: text('signal_codes').notNull(),
    latestSignalSince: text('latest_signal_since'),
    /** JSON of lib/domain/summary.ts PatientSnapshot. */
    snapshotJson: text('snapshot_json').notNull(),
    lastTiterOn: text('last_titer_on'),
    updatedAt: text('updated_at').notNull(),
  },
  // In the worklist's order (most important, then most recent signal first), so a page of
  // it is read from the index instead of sorting every patient with a signal (docs/performance.md).
  (t) => [index('summaries_order_idx').on(t.topLevelRank, sql`${t.latestSignalSince} desc`)],
);
