import { sqliteTable, text, integer, real, index } from 'drizzle-orm/sqlite-core';
import { DRUG_CLASSES, MMT_VERSIONS } from '../../lib/domain/types';
import { users } from './auth';
import { patients, clinicalRowColumns } from './patients';

export const visits = sqliteTable(
  'visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id),
    visitOn: text('visit_on').notNull(),
    clinicianId: integer('clinician_id').references(() => users.id),
    clinicianName: text('clinician_name').notNull(),
    mmtVersion: text('mmt_version', { enum: MMT_VERSIONS }),
    /** JSON object: test key -> Kendall grade 0-10 (absent = not tested). */
    mmtGradesJson: text('mmt_grades_json').notNull().default('{}'),
    /** Total only when the exam is complete; null for a partial exam (never a low total). */
    mmtTotal: integer('mmt_total'),
    mmtTested: integer('mmt_tested').notNull().default(0),
    mmtMax: integer('mmt_max'),
    physicianGlobal: real('physician_global'),
    patientGlobal: real('patient_global'),
    haq: real('haq'),
    extramuscular: real('extramuscular'),
    /** JSON array of finding codes (weakness, rash, calcinosis, ild, fever, dysphagia). */
    findingsJson: text('findings_json').notNull().default('[]'),
    notes: text('notes').notNull().default(''),
    ...clinicalRowColumns(),
  },
  (t) => [index('visits_patient_date_idx').on(t.patientId, t.visitOn)],
);

export const medicationEpochs = sqliteTable(
  'medication_epochs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id),
    drug: text('drug').notNull(),
    drugClass: text('drug_class', { enum: DRUG_CLASSES }).notNull(),
    immunosuppressant: integer('immunosuppressant', { mode: 'boolean' }).notNull(),
    dose: real('dose').notNull(),
    doseUnit: text('dose_unit').notNull(),
    route: text('route').notNull(),
    frequency: text('frequency').notNull(),
    startOn: text('start_on').notNull(),
    endOn: text('end_on'),
    /** Why this epoch started (started, increased, tapered...). */
    reason: text('reason').notNull(),
    /** Why it ended (stopped, side effect...), when it ended. */
    endReason: text('end_reason'),
    ...clinicalRowColumns(),
  },
  (t) => [index('meds_patient_idx').on(t.patientId, t.drug, t.startOn)],
);

export type VisitRow = typeof visits.$inferSelect;
export type MedicationEpochRow = typeof medicationEpochs.$inferSelect;
