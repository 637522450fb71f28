import { sqliteTable, text, integer, real, index } from 'drizzle-orm/sqlite-core';
import { ANALYTES, ASSAY_METHODS, ENZYME_ANALYTES, ENZYME_UNITS, QUALITATIVE_CATEGORIES } from '../../lib/domain/types';
import { patients, clinicalRowColumns } from './patients';

/** Assay catalog (admin). Each result snapshots the limits it was read with. */
export const assays = sqliteTable('assays', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  analyte: text('analyte', { enum: ANALYTES }).notNull(),
  method: text('method', { enum: ASSAY_METHODS }).notNull(),
  kit: text('kit').notNull().default(''),
  lab: text('lab').notNull().default(''),
  unit: text('unit').notNull(),
  qualitativeOnly: integer('qualitative_only', { mode: 'boolean' }).notNull().default(false),
  cutoff: real('cutoff'),
  positiveFrom: real('positive_from'),
  strongAbove: real('strong_above'),
  loinc: text('loinc'),
  /**
   * Highest value the assay reports in its unit (its measuring range): a result above it
   * is asked to be confirmed, never refused (docs/clinical/assays.md section 8). Null = not set.
   */
  measuringMax: real('measuring_max'),
  /**
   * Dilution titers (IIF): whether a result AT the cut-off dilution (1:80 with cut-off 80)
   * is positive, as labs that report their screening dilution as the first positive do.
   */
  cutoffDilutionPositive: integer('cutoff_dilution_positive', { mode: 'boolean' }).notNull().default(false),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const antibodyResults = sqliteTable(
  'antibody_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id),
    assayId: integer('assay_id').notNull().references(() => assays.id),
    analyte: text('analyte', { enum: ANALYTES }).notNull(),
    collectedOn: text('collected_on').notNull(),
    value: real('value'),
    comparator: text('comparator', { enum: ['<', '>'] }),
    qualitative: text('qualitative', { enum: QUALITATIVE_CATEGORIES }),
    unit: text('unit').notNull(),
    cutoff: real('cutoff'),
    positiveFrom: real('positive_from'),
    strongAbove: real('strong_above'),
    /** Snapshot of the assay's "the cut-off dilution is positive" when the result was read, like its limits. */
    cutoffDilutionPositive: integer('cutoff_dilution_positive', { mode: 'boolean' }).notNull().default(false),
    accession: text('accession').notNull().default(''),
    ...clinicalRowColumns(),
  },
  (t) => [
    index('antibody_patient_date_idx').on(t.patientId, t.collectedOn),
    index('antibody_accession_idx').on(t.accession),
  ],
);

export const enzymeResults = sqliteTable(
  'enzyme_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id),
    analyte: text('analyte', { enum: ENZYME_ANALYTES }).notNull(),
    collectedOn: text('collected_on').notNull(),
    value: real('value').notNull(),
    unit: text('unit', { enum: ENZYME_UNITS }).notNull(),
    valueUL: real('value_ul').notNull(),
    lowerLimitUL: real('lower_limit_ul'),
    upperLimitUL: real('upper_limit_ul').notNull(),
    /** Where the reference range came from: the lab, this patient's earlier result, or the site default. */
    rangeSource: text('range_source', { enum: ['lab', 'patient', 'site-default'] }).notNull().default('lab'),
    accession: text('accession').notNull().default(''),
    ...clinicalRowColumns(),
  },
  (t) => [
    index('enzyme_patient_date_idx').on(t.patientId, t.collectedOn),
    index('enzyme_accession_idx').on(t.accession),
  ],
);

export type Assay = typeof assays.$inferSelect;
export type AntibodyResultRow = typeof antibodyResults.$inferSelect;
export type EnzymeResultRow = typeof enzymeResults.$inferSelect;
