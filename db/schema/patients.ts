import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './auth';

import { DIAGNOSIS_GROUPS } from '../../lib/domain/types';

export { DIAGNOSIS_GROUPS };

/** Columns every versioned clinical row carries (corrections keep earlier versions). */
export const clinicalRowColumns = () => ({
  version: integer('version').notNull().default(1),
  enteredInError: integer('entered_in_error', { mode: 'boolean' }).notNull().default(false),
  errorReason: text('error_reason'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const patients = sqliteTable(
  'patients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    mrn: text('mrn').notNull().unique(),
    familyName: text('family_name').notNull(),
    givenName: text('given_name').notNull(),
    birthDate: text('birth_date').notNull(),
    sex: text('sex', { enum: ['female', 'male', 'other', 'unknown'] }).notNull(),
    diagnosisGroup: text('diagnosis_group', { enum: DIAGNOSIS_GROUPS }).notNull(),
    onsetDate: text('onset_date'),
    diagnosisDate: text('diagnosis_date'),
    physicianId: integer('physician_id').references(() => users.id),
    notes: text('notes').notNull().default(''),
    /**
     * The given names as a list when a sender sent several (FHIR name.given ["Astrid", "M"]);
     * null when given_name is one name. given_name holds them joined by spaces; a reader
     * uses the list only while its join still equals given_name (a later edit wins).
     */
    givenNamesJson: text('given_names_json'),
    /** Lower-cased "family given mrn" for search. */
    searchText: text('search_text').notNull(),
    ...clinicalRowColumns(),
  },
  (t) => [
    // MRNs are unique whatever their case: "mrn-100001" and "MRN-100001" are one patient.
    uniqueIndex('patients_mrn_nocase_idx').on(sql`${t.mrn} collate nocase`),
    index('patients_family_idx').on(t.familyName, t.givenName),
    index('patients_search_idx').on(t.searchText),
    // Only the (rare) patients entered in error: lets the worklist count without joining every patient.
    index('patients_in_error_idx').on(t.id).where(sql`${t.enteredInError} = 1`),
  ],
);

/**
 * Earlier versions of any clinical row, written whenever a row is corrected or marked
 * entered in error. `data_json` is the row as it was before the change.
 */
export const recordHistory = sqliteTable(
  'record_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    patientId: integer('patient_id'),
    version: integer('version').notNull(),
    dataJson: text('data_json').notNull(),
    changeReason: text('change_reason').notNull(),
    changedBy: integer('changed_by'),
    changedAt: text('changed_at').notNull(),
  },
  (t) => [index('record_history_entity_idx').on(t.entity, t.entityId)],
);

export type Patient = typeof patients.$inferSelect;
