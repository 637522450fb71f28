/**
 * Incoming anti-Mi2 and enzyme Observations, taken as given: the value with its
 * comparator and unit, the category of a qualitative result, the cut-off from the
 * reference range (cutoffQuantity), the enzyme's reference range in the reported unit (section 3;
 * which of the lab's ranges: ./import-range.ts). Units that do not convert are
 * refused, never guessed.
 */
import { CENSORED_ENZYME_MESSAGE, enzymeUnitMessage } from '../enzymes';
import type { Analyte, EnzymeAnalyte, EnzymeUnit, QualitativeCategory, Sex } from '../types';
import { EXT, parseEnzymeUnit, SYSTEM } from './codes';
import { REPORTED_CATEGORY_CODE } from './export-labs';
import {
  asString, codeIn, codingsOf, conceptText, extensionValue, isObject, objects, parseQuantity, quote, reject, unitLabel, type Json, type QuantityIn,
} from './import-values';
import { enzymeRange } from './import-range';

export interface AntibodyPlan {
  analyte: Analyte;
  value: number | null;
  comparator: '<' | '>' | null;
  qualitative: QualitativeCategory | null;
  /** The value's unit as sent (text and/or UCUM code), to match against the assay's unit. */
  unit: { text?: string; code?: string } | null;
  cutoff: number | null;
  accession: string;
  /** What the sender says about the assay, to find it in the catalog. */
  assay: { name?: string; lab?: string; method?: string };
}

export interface EnzymePlan {
  analyte: EnzymeAnalyte;
  value: number;
  unit: EnzymeUnit;
  lowerLimit: number | null;
  upperLimit: number | null;
  accession: string;
}

const CATEGORY_WORDS: Readonly<Record<string, QualitativeCategory>> = {
  negative: 'negative', 'not detected': 'negative', borderline: 'borderline', equivocal: 'borderline',
  positive: 'positive', detected: 'positive', 'strong positive': 'strong', 'strongly positive': 'strong',
};
const SNOMED_CATEGORY: Readonly<Record<string, QualitativeCategory>> = { '260385009': 'negative', '10828004': 'positive' };
const INTERPRETATION_CATEGORY: Readonly<Record<string, QualitativeCategory>> = { NEG: 'negative', IND: 'borderline', POS: 'positive' };

/** A qualitative category from a CodeableConcept (local, SNOMED CT or v3 code, or its words). */
export function parseCategory(concept: unknown): QualitativeCategory {
  const own = codeIn(concept, SYSTEM.antibodyClass);
  const fromCode = (own && ['negative', 'borderline', 'positive', 'strong'].includes(own) ? own as QualitativeCategory : undefined)
    ?? SNOMED_CATEGORY[codeIn(concept, SYSTEM.snomed) ?? '']
    ?? INTERPRETATION_CATEGORY[codeIn(concept, SYSTEM.interpretation) ?? ''];
  const text = conceptText(concept)?.trim().toLowerCase() ?? '';
  return fromCode ?? CATEGORY_WORDS[text]
    ?? reject(`The category ${quote(conceptText(concept) ?? codingsOf(concept).map((c) => c.code).join(','))} is not one of negative, borderline, positive, strong positive.`);
}

function comparatorOf(q: QuantityIn, what: string): '<' | '>' | null {
  if (q.comparator === undefined) return null;
  if (q.comparator === '<' || q.comparator === '>') return q.comparator;
  return reject(`${what}: comparator ${quote(q.comparator)} cannot be stored; Titerline keeps < and > only.`);
}

const sameUnit = (a: Pick<QuantityIn, 'unit' | 'code'>, b: Pick<QuantityIn, 'unit' | 'code'>) =>
  (a.unit !== undefined && a.unit === b.unit) || (a.code !== undefined && a.code === b.code) || (a.unit === undefined && a.code === undefined);

/**
 * What the Bundle around a result says about it (lib/domain/fhir/import-context.ts), and
 * the patient's recorded sex (asked only when a reference range is given by sex).
 */
export interface ResultContext { lab?: string; accession: string; sex?: () => Sex | undefined }

/**
 * The cut-off an anti-Mi2 Observation sends (not yet checked): the first referenceRange
 * high, else the cut-off extension Titerline's export puts on a range without a high
 * (an assay that counts its cut-off dilution as positive: lib/domain/fhir/export-labs.ts).
 */
export function cutoffQuantity(r: Json): unknown {
  const ranges = objects(r.referenceRange);
  return ranges.find((rr) => isObject(rr.high))?.high ?? ranges.map((rr) => extensionValue(rr, EXT.cutoff, 'valueQuantity')).find(isObject);
}

/** The value of an anti-Mi2 result as reported: number (with comparator and unit) and/or category, and the cut-off. */
export function parseAntibody(r: Json, analyte: Analyte, ctx: ResultContext): AntibodyPlan {
  let value: number | null = null;
  let comparator: '<' | '>' | null = null;
  let unit: AntibodyPlan['unit'] = null;
  let qualitative: QualitativeCategory | null = null;
  if (r.valueQuantity !== undefined) {
    const q = parseQuantity(r.valueQuantity, 'valueQuantity');
    comparator = comparatorOf(q, 'Anti-Mi2 value');
    value = q.value;
    unit = { text: q.unit, code: q.system === SYSTEM.ucum ? q.code : undefined };
    const reported = objects(r.component).find((c) => codeIn(c.code, SYSTEM.local) === REPORTED_CATEGORY_CODE);
    if (reported) qualitative = parseCategory(reported.valueCodeableConcept);
  } else if (r.valueCodeableConcept !== undefined) {
    qualitative = parseCategory(r.valueCodeableConcept);
  } else if (typeof r.valueString === 'string') {
    qualitative = parseCategory({ text: r.valueString });
  } else {
    reject(`Anti-Mi2 result without a value: needs valueQuantity (a number) or valueCodeableConcept (a category)${r.dataAbsentReason ? `; data absent: ${quote(conceptText(r.dataAbsentReason) ?? '')}` : ''}.`);
  }
  const high = cutoffQuantity(r);
  let cutoff: number | null = null;
  if (high !== undefined) {
    const h = parseQuantity(high, 'referenceRange.high (the cut-off)');
    if (unit && !sameUnit(h, { unit: unit.text, code: unit.code })) reject(`The cut-off is in ${quote(unitLabel(h))} but the value in ${quote(unit.text ?? unit.code ?? '')}: they must be in the same unit.`);
    cutoff = h.value;
  }
  const method = isObject(r.method) ? r.method : undefined;
  return {
    analyte, value, comparator, qualitative, unit, cutoff, accession: ctx.accession,
    assay: { name: asString(method?.text), lab: ctx.lab, method: codeIn(method, SYSTEM.assayMethod) },
  };
}

export function parseEnzyme(r: Json, analyte: EnzymeAnalyte, ctx: ResultContext): EnzymePlan {
  if (r.valueQuantity === undefined) reject(`${analyte.toUpperCase()} result without valueQuantity: an enzyme result must be a number in U/L or ukat/L.`);
  const q = parseQuantity(r.valueQuantity, 'valueQuantity');
  // The same words as every entry path (lib/validation/text-rules.ts).
  if (q.comparator !== undefined) reject(CENSORED_ENZYME_MESSAGE);
  const unit = parseEnzymeUnit(q.unit, q.code) ?? reject(enzymeUnitMessage(q.unit ?? q.code ?? ''));
  // Every referenceRange entry, for this patient (lib/domain/fhir/import-range.ts).
  const { lower, upper } = enzymeRange(r, unit, ctx.sex ?? (() => undefined));
  return { analyte, value: q.value, unit, accession: ctx.accession, lowerLimit: lower, upperLimit: upper };
}
