/**
 * Code systems, codes and units of the FHIR export and import.
 * LOINC codes: docs/clinical/assays.md (anti-Mi2, CK) and lib/domain/enzymes.ts
 * ENZYME (other enzymes), checked as docs/clinical/assays.md section 9 and
 * enzymes.md section 8 record; a LOINC coding carries LOINC's own display text
 * (./terminology.ts) and nothing else. MMT-8, global activity scores, HAQ-DI,
 * extramuscular activity and the TIS have no LOINC code (docs/clinical/assays.md):
 * they use the local system `urn:titerline:codes`.
 */
import { ENZYME, normalizeEnzymeUnit } from '../enzymes';
import type { Analyte, EnzymeAnalyte } from '../types';
import { LOINC_DISPLAY } from './terminology';
import type { Coding } from './types';

export const SYSTEM = {
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  snomed: 'http://snomed.info/sct',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  atc: 'http://www.whocc.no/atc',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  category: 'http://terminology.hl7.org/CodeSystem/observation-category',
  dataAbsent: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  v2IdentifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  local: 'urn:titerline:codes',
  mrn: 'urn:titerline:mrn',
  accession: 'urn:titerline:accession',
  assayMethod: 'urn:titerline:assay-method',
  antibodyClass: 'urn:titerline:antibody-class',
  drug: 'urn:titerline:drug',
  route: 'urn:titerline:route',
  changeReason: 'urn:titerline:change-reason',
} as const;

/** Extensions for facts FHIR R4 has no element for (Titerline-defined, urn URLs). */
export const EXT = {
  diagnosisGroup: 'urn:titerline:fhir:extension:diagnosis-group',
  onsetDate: 'urn:titerline:fhir:extension:onset-date',
  diagnosisDate: 'urn:titerline:fhir:extension:diagnosis-date',
  patientNotes: 'urn:titerline:fhir:extension:patient-notes',
  startReason: 'urn:titerline:fhir:extension:start-reason',
  immunosuppressant: 'urn:titerline:fhir:extension:immunosuppressant',
  /** On an enzyme's referenceRange: the range is not the lab's (valueCode `patient` or `site-default`). */
  rangeSource: 'urn:titerline:fhir:extension:range-source',
  /** On an anti-Mi2 referenceRange without a high limit: the cut-off in force (valueQuantity), positive from it. */
  cutoff: 'urn:titerline:fhir:extension:cutoff',
} as const;

/** Anti-Mi2 LOINC codes, docs/clinical/assays.md: [Units/volume] by line blot, and presence. */
export const ANTIBODY_LOINC: Readonly<Record<'mi2-alpha' | 'mi2-beta', { units: string; presence: string; label: string }>> = {
  'mi2-alpha': { units: '88732-3', presence: '82997-8', label: 'Mi-2 alpha Ab' },
  'mi2-beta': { units: '88733-1', presence: '82996-0', label: 'Mi-2 beta Ab' },
};

export const ANALYTE_DISPLAY: Readonly<Record<Analyte, string>> = {
  'mi2-alpha': 'Anti-Mi-2 alpha antibody',
  'mi2-beta': 'Anti-Mi-2 beta antibody',
  mi2: 'Anti-Mi-2 antibody (alpha/beta unspecified)',
};

/**
 * A LOINC coding with LOINC's own display text when the code is one Titerline checked
 * (./terminology.ts), without a display otherwise: never a display of our own making.
 */
export function loincCoding(code: string): Coding {
  const display = LOINC_DISPLAY[code];
  return { system: SYSTEM.loinc, code, ...(display ? { display } : {}) };
}
export const localCoding = (code: string, display: string): Coding => ({ system: SYSTEM.local, code, display });

/** Enzyme codings: LOINC from lib/domain/enzymes.ts ENZYME plus the local code. */
export function enzymeCodings(analyte: EnzymeAnalyte): Coding[] {
  const info = ENZYME[analyte];
  return [loincCoding(info.loinc), localCoding(analyte, info.label)];
}

/** Local codes of visit measures (no LOINC code: docs/clinical/assays.md). */
export const VISIT_CODES = {
  panel: { code: 'imacs-core-set-visit', display: 'IMACS core set visit', unit: null },
  physicianGlobal: { code: 'physician-global-activity', display: 'Physician global activity (VAS 0-10 cm)', unit: 'cm' },
  patientGlobal: { code: 'patient-global-activity', display: 'Patient global activity (VAS 0-10 cm)', unit: 'cm' },
  haq: { code: 'haq-di', display: 'HAQ disability index (0-3)', unit: '{score}' },
  extramuscular: { code: 'extramuscular-global-activity', display: 'Extramuscular global activity, MDAAT (VAS 0-10 cm)', unit: 'cm' },
  mmtUnilateral: { code: 'mmt8-unilateral', display: 'MMT-8 total, unilateral (Kendall 0-80)', unit: '{score}' },
  mmtBilateral: { code: 'mmt8-bilateral', display: 'MMT-8 total, bilateral (Kendall 0-150)', unit: '{score}' },
  tis: { code: 'tis-2016', display: '2016 ACR/EULAR Total Improvement Score (provisional)', unit: '{score}' },
} as const;
export type VisitCodeKey = keyof typeof VISIT_CODES;

/** Component code of one MMT test (key as in Visit.mmtGrades, lib/domain/mmt.ts). */
export const mmtComponentCode = (testKey: string) => `mmt8-${testKey}`;
export const findingComponentCode = (finding: string) => `finding-${finding}`;

/**
 * UCUM code of an antibody unit as labs print it (docs/clinical/assays.md):
 * line-blot "units" and signal-intensity units are arbitrary units `[arb'U]`,
 * `{titer}` stays an annotation. Null when no honest UCUM code exists: the lab's
 * unit is then exported as text only, without a system.
 */
export function antibodyUcum(unit: string): string | null {
  const u = unit.trim();
  const key = u.toLowerCase();
  if (u === '{titer}') return '{titer}';
  if (['units', 'unit', 'siu', 'au', 'ru', "[arb'u]"].includes(key)) return "[arb'U]";
  if (['au/ml', 'u/ml', 'ru/ml', 'units/ml', "[arb'u]/ml"].includes(key)) return "[arb'U]/mL";
  return null;
}

/** Enzyme activity units (docs/clinical/enzymes.md): U/L, and ukat/L = 60 U/L. */
export const ENZYME_UCUM = { 'U/L': 'U/L', 'ukat/L': 'ukat/L' } as const;

/** Reads an enzyme unit as sent by another system; null when it is not U/L or ukat/L. */
export function parseEnzymeUnit(unit: string | undefined, code: string | undefined): 'U/L' | 'ukat/L' | null {
  for (const raw of [code, unit]) {
    const k = normalizeEnzymeUnit((raw ?? '').trim());
    if (k) return k;
    if ((raw ?? '').trim().toLowerCase() === 'u/l (iu/l)') return 'U/L';
  }
  return null;
}

/** Dose units (lib/validation/medications DOSE_UNITS) to UCUM; "units" has no single UCUM meaning. */
export const DOSE_UCUM: Readonly<Record<string, string | null>> = {
  mg: 'mg', g: 'g', 'mg/kg': 'mg/kg', 'g/kg': 'g/kg', 'mg/m²': 'mg/m2', mL: 'mL', units: null,
};

/** SNOMED CT route codes (SNOMED "route of administration value" hierarchy). */
export const ROUTE_SNOMED: Readonly<Record<string, string>> = {
  oral: '26643006', iv: '47625008', sc: '34206005', im: '78421000', topical: '6064005',
};

/** v3 ObservationInterpretation codes (brief: N, H, L, POS, NEG; borderline as IND). */
export const INTERPRETATION = {
  N: 'Normal', H: 'High', L: 'Low', POS: 'Positive', NEG: 'Negative', IND: 'Indeterminate',
} as const;
export type InterpretationCode = keyof typeof INTERPRETATION;

/** SNOMED CT qualifier values for qualitative results that have one. */
export const QUALITATIVE_SNOMED: Readonly<Record<string, { code: string; display: string }>> = {
  negative: { code: '260385009', display: 'Negative' },
  positive: { code: '10828004', display: 'Positive' },
};

export const OBSERVATION_CATEGORY = {
  laboratory: 'Laboratory',
  exam: 'Exam',
  survey: 'Survey',
} as const;
