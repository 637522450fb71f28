/**
 * Anti-Mi2 and muscle-enzyme results as FHIR R4 Observations.
 * Sources: docs/clinical/assays.md (every result carries analyte, assay, unit and
 * the cut-off in force; censored values keep their comparator; qualitative results
 * are categories) and section 3 (enzymes in U/L or ukat/L with the lab's range).
 * A reference range always agrees with the interpretation beside it, and a range the
 * lab did not give is never sent as the lab's.
 */
import { ANTIBODY_CLASS_LABELS, classifyAntibody } from '../antibody';
import { enzymeFlag, UL_PER_UKAT_L } from '../enzymes';
import type { RangeSource } from '../reference-range';
import type { AntibodyClass, EnzymeResult, QualitativeCategory } from '../types';
import {
  ANALYTE_DISPLAY, ANTIBODY_LOINC, antibodyUcum, enzymeCodings, ENZYME_UCUM, EXT, INTERPRETATION, loincCoding, localCoding,
  QUALITATIVE_SNOMED, SYSTEM, type InterpretationCode,
} from './codes';
import { categoryConcept, clean, concept, fhirId, patientReference, quantity, type FhirAntibodyRow, type FhirEnzymeRow } from './export-input';
import type { CodeableConcept, Coding, Observation, ObservationReferenceRange } from './types';

/** Local code of the reported category when a result has both a number and a category. */
export const REPORTED_CATEGORY_CODE = 'reported-category';

export function interpretationConcept(code: InterpretationCode, text?: string): CodeableConcept[] {
  return [concept([{ system: SYSTEM.interpretation, code, display: INTERPRETATION[code] }], text)];
}

const CLASS_INTERPRETATION: Readonly<Record<AntibodyClass, InterpretationCode>> = {
  negative: 'NEG', borderline: 'IND', positive: 'POS', strong: 'POS',
};

/** A qualitative category as a CodeableConcept: local code, SNOMED CT where one exists, label as text. */
export function qualitativeConcept(q: QualitativeCategory): CodeableConcept {
  const codings: Coding[] = [{ system: SYSTEM.antibodyClass, code: q, display: ANTIBODY_CLASS_LABELS[q] }];
  const snomed = QUALITATIVE_SNOMED[q];
  if (snomed) codings.push({ system: SYSTEM.snomed, ...snomed });
  return concept(codings, ANTIBODY_CLASS_LABELS[q]);
}

function antibodyCodings(r: FhirAntibodyRow): Coding[] {
  const quantitative = r.value !== null;
  const codings: Coding[] = [];
  const known = r.analyte === 'mi2' ? null : ANTIBODY_LOINC[r.analyte];
  // LOINC only when the assay catalog carries one (line blots); presence code for a category result.
  if (r.assay.loinc && quantitative) codings.push(loincCoding(r.assay.loinc));
  else if (r.assay.loinc && known) codings.push(loincCoding(known.presence));
  codings.push(localCoding(r.analyte, ANALYTE_DISPLAY[r.analyte]));
  return codings;
}

/** The assay's limits in words: the class boundaries stay visible to a reader of the export. */
function limitsText(r: FhirAntibodyRow): string {
  const u = r.unit.trim() && r.unit !== '{titer}' ? ` ${r.unit}` : '';
  // A dilution assay may count its cut-off dilution as the first positive (docs/clinical/assays.md section 4).
  const parts = [r.cutoffDilutionPositive ? `negative below ${r.cutoff}${u}, positive from ${r.cutoff}` : `negative at or below ${r.cutoff}${u}`];
  if (r.positiveFrom !== null) parts.push(`borderline above ${r.cutoff} and below ${r.positiveFrom}`, `positive from ${r.positiveFrom}`);
  if (r.strongAbove !== null) parts.push(`strong positive above ${r.strongAbove}`);
  return `Cut-off of this assay: ${parts.join('; ')}.`;
}

/**
 * The normal range of an assay with a cut-off. referenceRange.high is the highest normal
 * value, inclusive: the cut-off itself, which is negative at or below it. When the
 * assay counts its cut-off dilution as positive (1:80 positive with cut-off 80), the
 * cut-off is not normal: no high limit is sent (a receiver would read 1:80 as within
 * range beside a positive interpretation), only the limits in words, and the cut-off
 * in a Titerline extension for Titerline's own import (lib/domain/fhir/import-labs.ts).
 */
function antibodyRange(r: FhirAntibodyRow, ucum: string | null): ObservationReferenceRange[] {
  if (r.cutoff === null) return [];
  const cutoff = quantity(r.cutoff, r.unit, ucum);
  if (r.cutoffDilutionPositive) return [{ extension: [{ url: EXT.cutoff, valueQuantity: cutoff }], text: limitsText(r) }];
  return [{ high: cutoff, text: limitsText(r) }];
}

/**
 * One anti-Mi2 result. The value goes out as reported (comparator kept, lab unit as
 * text, UCUM code only when honest); the cut-off in force is the reference range's
 * high limit (antibodyRange); the class is the interpretation (borderline = IND, never NEG).
 */
export function antibodyObservation(r: FhirAntibodyRow, patientId: number): Observation {
  const cls = classifyAntibody(r);
  const ucum = antibodyUcum(r.unit);
  const value: Partial<Observation> = r.value !== null
    ? { valueQuantity: quantity(r.value, r.unit, ucum, r.comparator) }
    : r.qualitative !== null
      ? { valueCodeableConcept: qualitativeConcept(r.qualitative) }
      : { dataAbsentReason: concept([{ system: SYSTEM.dataAbsent, code: 'unknown', display: 'Unknown' }]) };
  const range = antibodyRange(r, ucum);
  return {
    resourceType: 'Observation',
    id: fhirId.antibody(r.id),
    ...(r.accession ? { identifier: [{ system: SYSTEM.accession, value: r.accession }] } : {}),
    status: 'final',
    category: categoryConcept('laboratory', 'Laboratory'),
    code: concept(antibodyCodings(r), ANALYTE_DISPLAY[r.analyte]),
    subject: patientReference(patientId),
    effectiveDateTime: r.collectedOn,
    ...(r.assay.lab ? { performer: [{ display: r.assay.lab }] } : {}),
    ...value,
    ...(cls ? { interpretation: interpretationConcept(CLASS_INTERPRETATION[cls], ANTIBODY_CLASS_LABELS[cls]) } : {}),
    method: concept([{ system: SYSTEM.assayMethod, code: r.assay.method }], r.assay.name),
    ...(r.assay.kit ? { device: { display: r.assay.kit } } : {}),
    ...(range.length ? { referenceRange: range } : {}),
    ...(r.value !== null && r.qualitative !== null
      ? { component: [{ code: concept([{ system: SYSTEM.local, code: REPORTED_CATEGORY_CODE, display: 'Category as reported' }]), valueCodeableConcept: qualitativeConcept(r.qualitative) }] }
      : {}),
  };
}

/** A limit stored in U/L, back in the unit the lab reported the value in (1 ukat/L = 60 U/L). */
const inReportedUnit = (ul: number, unit: EnzymeResult['unit']) => (unit === 'U/L' ? ul : clean(ul / UL_PER_UKAT_L));

const FLAG_INTERPRETATION = { high: 'H', low: 'L', normal: 'N' } as const;

/** A range the lab did not give, in words (docs/clinical/enzymes.md section 4). */
const FILLED_IN: Readonly<Record<Exclude<RangeSource, 'lab'>, string>> = {
  patient: "this patient's earlier lab range",
  'site-default': 'the site default range',
};

/** A limit in words: four significant digits (a U/L limit converted to ukat/L is 5.133, not 5.13333333333). */
const shown = (n: number) => String(Number(n.toPrecision(4)));

/**
 * The reference range of an enzyme result, in the reported unit. The lab's range goes
 * out as low/high. A range filled in because the lab gave none (this patient's earlier
 * lab range, or the site default) has no low/high, which every receiver would take for
 * the lab's: it is said in words, marked with a Titerline extension so that Titerline's
 * own import takes its own fallback (lib/domain/fhir/import-range.ts).
 */
function enzymeRange(r: FhirEnzymeRow, ucum: string): ObservationReferenceRange {
  const high = inReportedUnit(r.upperLimitUL, r.unit);
  const low = r.lowerLimitUL === null ? null : inReportedUnit(r.lowerLimitUL, r.unit);
  if (r.rangeSource === 'lab') return { ...(low === null ? {} : { low: quantity(low, r.unit, ucum) }), high: quantity(high, r.unit, ucum) };
  const limits = low === null ? `up to ${shown(high)} ${r.unit}` : `${shown(low)}-${shown(high)} ${r.unit}`;
  const what = FILLED_IN[r.rangeSource];
  return {
    extension: [{ url: EXT.rangeSource, valueCode: r.rangeSource }],
    text: `No range reported by the lab: read against ${what}, ${limits}.`,
  };
}

/**
 * One muscle-enzyme result, as reported, with its reference range in the same unit
 * (enzymeRange) and the flag against it; a flag against a range the lab did not give
 * says so in its text.
 */
export function enzymeObservation(r: FhirEnzymeRow, patientId: number): Observation {
  const ucum = ENZYME_UCUM[r.unit];
  const flag = FLAG_INTERPRETATION[enzymeFlag(r.valueUL, r.lowerLimitUL, r.upperLimitUL)];
  const against = r.rangeSource === 'lab' ? undefined : `${INTERPRETATION[flag]} against ${FILLED_IN[r.rangeSource]} (no range reported by the lab)`;
  return {
    resourceType: 'Observation',
    id: fhirId.enzyme(r.id),
    ...(r.accession ? { identifier: [{ system: SYSTEM.accession, value: r.accession }] } : {}),
    status: 'final',
    category: categoryConcept('laboratory', 'Laboratory'),
    code: concept(enzymeCodings(r.analyte)),
    subject: patientReference(patientId),
    effectiveDateTime: r.collectedOn,
    valueQuantity: quantity(r.value, r.unit, ucum),
    interpretation: interpretationConcept(flag, against),
    referenceRange: [enzymeRange(r, ucum)],
  };
}
