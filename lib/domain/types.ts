/**
 * Plain clinical data shapes shared by the domain functions.
 * No I/O, no framework: the DAL maps database rows to these.
 * Dates are ISO calendar dates (YYYY-MM-DD) unless named `...At` (ISO timestamps).
 */
import type { RangeSource } from './reference-range';

/** Source: docs/clinical/assays.md (analyte carried by every result). */
export const ANALYTES = ['mi2-alpha', 'mi2-beta', 'mi2'] as const;
export type Analyte = (typeof ANALYTES)[number];

export const ASSAY_METHODS = ['line-blot', 'elisa', 'immunoprecipitation', 'iif', 'other'] as const;
export type AssayMethod = (typeof ASSAY_METHODS)[number];

/** Reported qualitative category (docs/clinical/assays.md, "qualitative"). */
export const QUALITATIVE_CATEGORIES = ['negative', 'borderline', 'positive', 'strong'] as const;
export type QualitativeCategory = (typeof QUALITATIVE_CATEGORIES)[number];

/** The class of one result; borderline is NOT negative (docs/clinical/assays.md). */
export type AntibodyClass = QualitativeCategory;

export type Comparator = '<' | '>' | null;

/** Cut-off and class limits in force for one result (snapshotted from the assay). */
export interface AssayLimits {
  /** value <= cutoff is negative. Must be > 0 for quantitative assays. */
  cutoff: number | null;
  /** value >= positiveFrom is positive; between cutoff and positiveFrom is borderline. */
  positiveFrom: number | null;
  /** value > strongAbove is strong positive. */
  strongAbove: number | null;
}

export interface AntibodyResult extends AssayLimits {
  id: number;
  analyte: Analyte;
  assayId: number;
  /** Short human label of the assay, e.g. "Line blot (Euroimmun), Lab X". */
  assayLabel: string;
  unit: string;
  collectedOn: string;
  value: number | null;
  comparator: Comparator;
  qualitative: QualitativeCategory | null;
  /** Lab accession number, for display and de-duplication. */
  accession?: string;
  /**
   * Dilution titers: the assay's lab reports the cut-off dilution itself as the first
   * positive (1:80 with cut-off 80 is positive). From the assay catalog; absent = no.
   */
  cutoffDilutionPositive?: boolean;
  enteredInError: boolean;
}

export const ENZYME_ANALYTES = ['ck', 'aldolase', 'ldh', 'alt', 'ast'] as const;
export type EnzymeAnalyte = (typeof ENZYME_ANALYTES)[number];
export const ENZYME_UNITS = ['U/L', 'ukat/L'] as const;
export type EnzymeUnit = (typeof ENZYME_UNITS)[number];

export interface EnzymeResult {
  id: number;
  analyte: EnzymeAnalyte;
  collectedOn: string;
  value: number;
  unit: EnzymeUnit;
  /** The value in U/L (same as `value` when reported in U/L). */
  valueUL: number;
  /** Reference limits in U/L, as given by the lab for this result, or filled in when it gave none (`rangeSource`). */
  lowerLimitUL: number | null;
  upperLimitUL: number;
  /**
   * Where the limits came from: the lab, this patient's earlier lab range, or the site
   * default (lib/domain/reference-range.ts). Every row read from the database carries
   * it (lib/dal/patient-data.ts); the FHIR export requires it.
   */
  rangeSource?: RangeSource;
  accession?: string;
  enteredInError: boolean;
}

/** MMT-8 versions (docs/clinical/strength.md). */
export const MMT_VERSIONS = ['unilateral', 'bilateral'] as const;
export type MmtVersion = (typeof MMT_VERSIONS)[number];

export interface Visit {
  id: number;
  visitOn: string;
  mmtVersion: MmtVersion | null;
  /** Grade per test key (see lib/domain/mmt.ts); null or missing = not tested. */
  mmtGrades: Record<string, number | null>;
  physicianGlobal: number | null;
  patientGlobal: number | null;
  haq: number | null;
  extramuscular: number | null;
  enteredInError: boolean;
}

export const DRUG_CLASSES = [
  'glucocorticoid',
  'antimetabolite',
  'calcineurin-inhibitor',
  'immunoglobulin',
  'anti-cd20',
  'alkylating-agent',
  'antimalarial',
  'other',
] as const;
export type DrugClass = (typeof DRUG_CLASSES)[number];

export interface MedicationEpoch {
  id: number;
  drug: string;
  drugClass: DrugClass;
  /** Whether the drug counts as immunosuppression (hydroxychloroquine does not). */
  immunosuppressant: boolean;
  dose: number;
  doseUnit: string;
  route: string;
  frequency: string;
  startOn: string;
  /** null = ongoing. */
  endOn: string | null;
  reason: string;
  enteredInError: boolean;
}

export type Sex = 'female' | 'male' | 'other' | 'unknown';

/** Diagnosis groups a patient is filed under (the cohort views compare them). */
export const DIAGNOSIS_GROUPS = ['mi2-pos-dm', 'mi2-neg-dm', 'antisynthetase', 'imnm', 'other'] as const;
