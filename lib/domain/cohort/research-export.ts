/**
 * The research export (Export page): one row per live anti-Mi2 result, enzyme result
 * or visit measure, in tidy columns (one kind of quantity per column: the number, the
 * reported category, the comparator, the unit and the reference limits each in their
 * own column). Identified or de-identified by the Disclosure the DAL hands in
 * (./deidentify.ts). Pure.
 */
import { classifyAntibody, xCutoff } from '../antibody';
import { enzymeFlag } from '../enzymes';
import { mmtTotal } from '../mmt';
import type { AntibodyResult, EnzymeResult, Visit } from '../types';
import type { Coarsened } from './deidentify';
import { shiftDate } from './deidentify';
import type { ColumnDefinition, TidyCell } from './tidy-csv';

export interface ResearchPatient {
  id: number;
  mrn: string;
  familyName: string;
  givenName: string;
  antibodyResults: readonly AntibodyResult[];
  enzymeResults: readonly EnzymeResult[];
  visits: readonly Visit[];
}

/** How patients appear: by MRN and name with real dates, or by pseudonym with shifted dates and coarsened quasi-identifiers. */
export interface Disclosure {
  identified: boolean;
  label(id: number): string;
  /** Days every date of the patient moves (0 when identified). */
  shift(id: number): number;
  /** The patient's quasi-identifiers as exported. */
  quasi(id: number): Coarsened;
}

const COMMON = ['birth_year_low', 'birth_year_high', 'sex', 'diagnosis_group', 'date', 'kind', 'measure', 'value_number', 'value_category', 'comparator', 'unit',
  'reference_low', 'reference_high', 'antibody_class', 'enzyme_flag', 'x_cutoff', 'x_uln', 'mmt_tested', 'mmt_required', 'assay'] as const;

export function researchColumns(identified: boolean): string[] {
  return identified ? ['patient', 'family_name', 'given_name', ...COMMON] : ['patient', ...COMMON];
}

type Row = Record<string, TidyCell>;
const round = (n: number | null) => (n === null ? null : Number(n.toFixed(4)));

function antibodyRow(r: AntibodyResult): Row {
  return {
    kind: 'antibody', measure: r.analyte, value_number: r.value, value_category: r.qualitative, comparator: r.comparator, unit: r.unit,
    reference_high: r.cutoff, antibody_class: classifyAntibody(r), x_cutoff: round(xCutoff(r.value, r.cutoff)), assay: r.assayLabel,
  };
}

function enzymeRow(r: EnzymeResult): Row {
  return {
    kind: 'enzyme', measure: r.analyte, value_number: r.valueUL, unit: 'U/L', reference_low: r.lowerLimitUL, reference_high: r.upperLimitUL,
    enzyme_flag: enzymeFlag(r.valueUL, r.lowerLimitUL, r.upperLimitUL), x_uln: round(r.valueUL / r.upperLimitUL),
  };
}

const SCALARS = [['physicianGlobal', 'physician-global', 'cm'], ['patientGlobal', 'patient-global', 'cm'], ['haq', 'haq-di', 'score 0-3'], ['extramuscular', 'extramuscular', 'cm']] as const;

function visitRows(v: Visit): Row[] {
  const out: Row[] = [];
  if (v.mmtVersion) {
    const t = mmtTotal(v.mmtVersion, v.mmtGrades);
    out.push({ kind: 'visit', measure: `mmt8-${v.mmtVersion}`, value_number: t.total, unit: `score 0-${t.max}`, mmt_tested: t.tested, mmt_required: t.required });
  }
  for (const [key, measure, unit] of SCALARS) if (v[key] !== null) out.push({ kind: 'visit', measure, value_number: v[key], unit });
  return out;
}

/** Every row of one patient, dates as the disclosure says. */
export function researchRows(p: ResearchPatient, d: Disclosure): Row[] {
  const shift = d.shift(p.id);
  const q = d.quasi(p.id);
  const who: Row = {
    patient: d.label(p.id), ...(d.identified ? { family_name: p.familyName, given_name: p.givenName } : {}),
    birth_year_low: q.birthLow, birth_year_high: q.birthHigh, sex: q.sex, diagnosis_group: q.group,
  };
  const dated = (date: string, row: Row): Row => ({ ...who, date: shift ? shiftDate(date, shift) : date, ...row });
  return [
    ...p.antibodyResults.filter((r) => !r.enteredInError).map((r) => dated(r.collectedOn, antibodyRow(r))),
    ...p.enzymeResults.filter((r) => !r.enteredInError).map((r) => dated(r.collectedOn, enzymeRow(r))),
    ...p.visits.filter((v) => !v.enteredInError).flatMap((v) => visitRows(v).map((row) => dated(v.visitOn, row))),
  ];
}

/** Rows in an order that says nothing about internal ids: by patient label, date, kind, measure. */
export function sortRows(rows: Row[]): Row[] {
  const k = (r: Row) => [r.patient, r.date, r.kind, r.measure].map((x) => String(x ?? '')).join('\u0000');
  return rows.sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
}

export const RESEARCH_DICTIONARY: Readonly<Record<string, Omit<ColumnDefinition, 'column'>>> = {
  patient: { type: 'text', description: 'De-identified: a random pseudonym drawn for this export only (the same patient has another one in every export). Identified: the medical record number.' },
  family_name: { type: 'text', description: 'Identified exports only.' },
  given_name: { type: 'text', description: 'Identified exports only.' },
  birth_year_low: { type: 'integer', description: 'Earliest possible birth year. Equal to birth_year_high when the exact year is given; a 5-year band otherwise; blank when suppressed for k-anonymity.' },
  birth_year_high: { type: 'integer', description: 'Latest possible birth year (see birth_year_low).' },
  sex: { type: 'category', values: 'female, male, other, unknown', description: 'Administrative sex; blank when suppressed for k-anonymity.' },
  diagnosis_group: { type: 'category', values: 'mi2-pos-dm, mi2-neg-dm, antisynthetase, imnm, other', description: 'Diagnosis group; blank when suppressed for k-anonymity.' },
  date: { type: 'date', unit: 'YYYY-MM-DD', description: 'Collection date (results) or visit date. De-identified: moved back by one random number of days (1 to 365) per patient, the same for all of that patient\'s rows.' },
  kind: { type: 'category', values: 'antibody, enzyme, visit', description: 'What the row records.' },
  measure: { type: 'category', values: 'mi2-alpha, mi2-beta, mi2, ck, aldolase, ldh, alt, ast, mmt8-unilateral, mmt8-bilateral, physician-global, patient-global, haq-di, extramuscular', description: 'The analyte or visit measure.' },
  value_number: { type: 'number', description: 'The number, in unit. Blank when the lab reported a category only, and for an MMT-8 exam that was not complete (never a low total).' },
  value_category: { type: 'category', values: 'negative, borderline, positive, strong', description: 'The category as the lab reported it (antibodies), when it did.' },
  comparator: { type: 'category', values: '<, >', description: 'The value is censored: below (<) or above (>) what the assay measures.' },
  unit: { type: 'text', description: 'Unit of value_number, reference_low and reference_high: the lab\'s unit for antibodies, U/L for enzymes (ukat/L converted, 1 ukat/L = 60 U/L), cm for 10 cm visual analogue scales, "score 0-N" for scores.' },
  reference_low: { type: 'number', description: 'Enzymes: lower reference limit in U/L, when given.' },
  reference_high: { type: 'number', description: 'Enzymes: upper reference limit in U/L. Antibodies: the assay\'s cut-off in force for the result.' },
  antibody_class: { type: 'category', values: 'negative, borderline, positive, strong', description: 'The result classified against the cut-off and class limits of its own assay.' },
  enzyme_flag: { type: 'category', values: 'low, normal, high', description: 'The enzyme value against its reference range.' },
  x_cutoff: { type: 'number', description: 'Antibodies: value_number divided by the cut-off (multiples of the cut-off).' },
  x_uln: { type: 'number', description: 'Enzymes: value_number divided by the upper reference limit (multiples of the ULN).' },
  mmt_tested: { type: 'integer', description: 'MMT-8: tests graded at the visit.' },
  mmt_required: { type: 'integer', description: 'MMT-8: tests a total needs (8 unilateral, 15 bilateral).' },
  assay: { type: 'text', description: 'Antibodies: the assay and its laboratory.' },
};
