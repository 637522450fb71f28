/**
 * The words clinicians read, in one place: analytes, units, classes, record fields,
 * signal names and levels, diagnosis groups, TIS measures, drug classes. Stored values
 * keep their codes ('mi2-alpha', 'ukat/L', 'collectedOn', 'taper-discussion'); every
 * screen, message and signal explanation shows these labels instead. Screens import
 * their labels from here (other label tables of the domain are re-exported at the end),
 * and tests/unit/vocabulary-scan.test.ts and tests/e2e/vocabulary.e2e.test.ts look for
 * codes that leak through. Pure data: imports only leaf modules, so every layer may use it.
 */
import type { SignalCode, SignalLevel } from './signals/types';
import type { AntibodyClass, Analyte, AssayMethod, DrugClass, EnzymeUnit, MmtVersion } from './types';
import { DIAGNOSIS_GROUPS } from './types';

/** Anti-Mi2 analytes as a list or form names them (docs/clinical/assays.md). */
export const ANALYTE_LABELS: Readonly<Record<Analyte, string>> = { 'mi2-alpha': 'Mi-2α', 'mi2-beta': 'Mi-2β', mi2: 'Mi-2 (unspecified)' };

/** The same in a sentence or a chart key, where "(unspecified)" would interrupt: "Mi-2 4 units (cut-off 5)". */
export const ANALYTE_SHORT_LABELS: Readonly<Record<Analyte, string>> = { 'mi2-alpha': 'Mi-2α', 'mi2-beta': 'Mi-2β', mi2: 'Mi-2' };

/** A stored analyte code in a sentence; an unknown code (an old row) as it was stored. */
export function analyteName(analyte: string): string {
  return Object.hasOwn(ANALYTE_SHORT_LABELS, analyte) ? ANALYTE_SHORT_LABELS[analyte as Analyte] : analyte;
}

export const METHOD_LABELS: Readonly<Record<AssayMethod, string>> = {
  'line-blot': 'Line blot / immunoblot', elisa: 'ELISA', immunoprecipitation: 'Immunoprecipitation', iif: 'Indirect immunofluorescence', other: 'Other',
};

/** Classes of an anti-Mi2 result (docs/clinical/assays.md, "qualitative"). */
export const ANTIBODY_CLASS_LABELS: Readonly<Record<AntibodyClass, string>> = {
  negative: 'Negative',
  borderline: 'Borderline',
  positive: 'Positive',
  strong: 'Strong positive',
};

/** Enzyme units as shown: the stored code "ukat/L" reads µkat/L (micro sign, U+00B5). */
export const ENZYME_UNIT_LABELS: Readonly<Record<EnzymeUnit, string>> = { 'U/L': 'U/L', 'ukat/L': 'µkat/L' };

/** Any stored unit as shown: enzyme units by their label, a dilution titer as "titer", others as the lab wrote them. */
export function unitLabel(unit: string): string {
  if (Object.hasOwn(ENZYME_UNIT_LABELS, unit)) return ENZYME_UNIT_LABELS[unit as EnzymeUnit];
  return unit === '{titer}' ? 'titer' : unit;
}

/** Short human titles of the signals (the engine's explanations and the "How signals work" page use them). */
export const SIGNAL_TITLES: Readonly<Record<SignalCode, string>> = {
  'titer-declining': 'Titer declining',
  'titer-normalized': 'Titer normalized',
  'normalization-sustained': 'Normalization sustained',
  'clinical-quiescence': 'Clinical quiescence',
  'taper-discussion': 'Possible signal to discuss tapering',
  'taper-withheld': 'Tapering signal withheld',
  'titer-rerise': 'Titer re-rise',
  'same-day-conflict': 'Conflicting same-day results',
  discordance: 'Titer and muscle disagree',
  'assay-change': 'Assay changed',
  'titer-overdue': 'Titer overdue',
};

/** Title of a stored signal code (stored codes are plain strings); an unknown code reads as a generic name, never as the code. */
export function signalTitle(code: string): string {
  return Object.hasOwn(SIGNAL_TITLES, code) ? SIGNAL_TITLES[code as SignalCode] : 'Signal';
}

export const SIGNAL_LEVEL_LABELS: Readonly<Record<SignalLevel, string>> = { action: 'Discuss', warning: 'Warning', info: 'Info' };

export const DIAGNOSIS_LABELS: Readonly<Record<(typeof DIAGNOSIS_GROUPS)[number], string>> = {
  'mi2-pos-dm': 'Anti-Mi2-positive dermatomyositis',
  'mi2-neg-dm': 'Anti-Mi2-negative dermatomyositis',
  antisynthetase: 'Antisynthetase syndrome',
  imnm: 'Immune-mediated necrotizing myopathy',
  other: 'Other',
};

export const MMT_VERSION_LABELS: Readonly<Record<MmtVersion, string>> = {
  unilateral: 'Unilateral MMT-8 (8 groups, 0-80)',
  bilateral: 'Bilateral MMT-8 (15 tests, 0-150)',
};

/** The six core-set measures of the Total Improvement Score (docs/clinical/tis.md), in a sentence. */
export const TIS_MEASURE_LABELS = {
  physicianGlobal: 'physician global',
  patientGlobal: 'patient global',
  mmt: 'MMT-8',
  haq: 'HAQ-DI',
  enzyme: 'muscle enzyme',
  extramuscular: 'extramuscular activity',
} as const;

/** "missing patient global, MMT-8 and HAQ-DI": what a partial TIS lacks, in clinical words. */
export function tisMissingText(missing: readonly string[]): string {
  const words = missing.map((m) => (Object.hasOwn(TIS_MEASURE_LABELS, m) ? TIS_MEASURE_LABELS[m as keyof typeof TIS_MEASURE_LABELS] : 'another measure'));
  if (words.length <= 1) return `missing ${words[0] ?? 'a measure'}`;
  return `missing ${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

export const DRUG_CLASS_LABELS: Readonly<Record<DrugClass, string>> = {
  glucocorticoid: 'Glucocorticoid',
  antimetabolite: 'Antimetabolite',
  'calcineurin-inhibitor': 'Calcineurin inhibitor',
  immunoglobulin: 'Immunoglobulin',
  'anti-cd20': 'Anti-CD20',
  'alkylating-agent': 'Alkylating agent',
  antimalarial: 'Antimalarial',
  other: 'Other',
};

/**
 * Fields of the stored clinical rows (lab results, visits, dose epochs) as a history
 * table or a message names them. Keys are the stored row's; internal columns (ids,
 * versions, timestamps) have no label and are never shown.
 */
export const FIELD_LABELS = {
  analyte: 'Test',
  assayId: 'Assay',
  collectedOn: 'Collected on',
  comparator: 'Comparator',
  value: 'Value',
  qualitative: 'Lab category',
  cutoff: 'Cut-off',
  positiveFrom: 'Positive from',
  strongAbove: 'Strong above',
  unit: 'Unit',
  valueUL: 'Value in U/L',
  lowerLimitUL: 'Reference low (U/L)',
  upperLimitUL: 'Reference high (U/L)',
  rangeSource: 'Reference range from',
  accession: 'Lab accession',
  visitOn: 'Visit date',
  clinicianName: 'Clinician',
  mmtVersion: 'MMT-8 version',
  mmtGradesJson: 'MMT-8 grades',
  mmtTotal: 'MMT-8 total',
  physicianGlobal: 'Physician global',
  patientGlobal: 'Patient global',
  haq: 'HAQ-DI',
  extramuscular: 'Extramuscular activity',
  findingsJson: 'Findings',
  notes: 'Notes',
  drug: 'Drug',
  drugClass: 'Drug class',
  immunosuppressant: 'Immunosuppressant',
  dose: 'Dose',
  doseUnit: 'Dose unit',
  route: 'Route',
  frequency: 'Frequency',
  startOn: 'From',
  endOn: 'Last day taken',
  reason: 'Reason for starting',
  endReason: 'Reason for stopping',
  enteredInError: 'Entered in error',
  errorReason: 'Why entered in error',
} as const;
export type LabelledField = keyof typeof FIELD_LABELS;

export function fieldLabel(key: string): string | null {
  return Object.hasOwn(FIELD_LABELS, key) ? FIELD_LABELS[key as LabelledField] : null;
}

// The domain's other label tables, so a screen finds every clinical word here.
export { FINDING_LABELS } from './findings';
export { ROUTE_LABELS, routeLabel } from './medication-options';
export { ENZYME } from './enzymes';
export { ORIGIN_LABELS, originLabel } from './audit-origins';
