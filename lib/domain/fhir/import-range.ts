/**
 * The lab's reference range of an incoming enzyme result (docs/clinical/enzymes.md
 * section 3). Every referenceRange entry is considered, never only the first:
 * - a range for the other sex (appliesTo: male or female, as FHIR administrative
 *   gender, v3 AdministrativeGender or SNOMED CT codes) does not apply to the patient;
 * - any other condition (an age band, a population named otherwise, a range that is
 *   not the normal one) cannot be judged here: refused, never guessed;
 * - of the ranges that apply, the ones with limits (low/high in a unit that converts,
 *   converted to the value's unit; or text written plainly as "39-308 U/L", "<207 U/L",
 *   ">5 U/L", as the HL7 feed reads OBX-7) must agree: two different ones are refused;
 *   a text note beside a range with limits ("Adult reference") is only a note;
 * - a range that applies but cannot be read, or none for the patient, is refused.
 * Only an Observation without any referenceRange takes the fallback (this patient's
 * earlier lab range, else the site default: lib/domain/reference-range.ts), and so does
 * one whose ranges are all marked as not the lab's (Titerline's own export of a range
 * it filled in: the extension urn:titerline:fhir:extension:range-source, any value but
 * `lab`): such a range is never stored as the lab's, whatever limits or text it has.
 */
import { toUL, UL_PER_UKAT_L } from '../enzymes';
import type { EnzymeUnit, Sex } from '../types';
import { EXT, parseEnzymeUnit, SYSTEM } from './codes';
import { asString, codeIn, codingsOf, conceptText, extensionValue, objects, parseQuantity, quote, reject, unitLabel, type Json } from './import-values';

export interface EnzymeLimits { lower: number | null; upper: number | null }

const SEX_CODES: Readonly<Record<string, Readonly<Record<string, 'male' | 'female'>>>> = {
  'http://hl7.org/fhir/administrative-gender': { male: 'male', female: 'female' },
  'http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender': { M: 'male', F: 'female' },
  [SYSTEM.snomed]: { 248153007: 'male', 248152002: 'female' },
};
const RANGE_MEANING = 'http://terminology.hl7.org/CodeSystem/referencerange-meaning';
const PEOPLE: Readonly<Record<'male' | 'female', string>> = { male: 'men', female: 'women' };
const RECORDED: Readonly<Record<Sex, string>> = { male: 'a man', female: 'a woman', other: 'of other sex', unknown: 'of unknown sex' };
const whose = (sex: Sex | undefined) => (sex === undefined ? 'this patient\'s sex is not known here' : `this patient is recorded as ${RECORDED[sex]}`);
const ASK = 'Ask the lab for the range that applies to this patient, or send the result with that range alone.';

/** The one sex a concept names (its codings are translations of one another), else undefined. */
function sexNamed(concept: unknown): 'male' | 'female' | undefined {
  const named = new Set(codingsOf(concept).flatMap((c) => {
    const sex = c.system !== undefined && c.code !== undefined ? SEX_CODES[c.system]?.[c.code] : undefined;
    return sex ? [sex] : [];
  }));
  return named.size === 1 ? [...named][0] : undefined;
}

const describe = (concept: unknown) => quote(conceptText(concept) ?? codingsOf(concept).map((c) => c.code ?? '').join(', '));

/** Whether a range applies to the patient: false for the other sex; refused when it names what cannot be judged. */
function applies(rr: Json, sexOf: () => Sex | undefined): boolean {
  const concepts = objects(rr.appliesTo);
  const sexes = concepts.map(sexNamed).filter((s) => s !== undefined);
  if (sexes.length > 0) {
    const sex = sexOf();
    if (sex !== 'male' && sex !== 'female') {
      reject(`The lab gives a reference range for ${PEOPLE[sexes[0]!]}, and ${whose(sex)}: which range applies cannot be known. Record the patient's sex if it is known, or ask the lab for a range that applies to everyone.`);
    }
    if (sexes.some((s) => s !== sex)) return false;
  }
  const other = concepts.find((c) => sexNamed(c) === undefined);
  if (other !== undefined) reject(`The lab gives a reference range for ${describe(other)}, which Titerline cannot judge (it chooses between ranges for men and women only). ${ASK}`);
  if (rr.age !== undefined) reject(`The lab gives a reference range for an age band, which Titerline does not choose between. ${ASK}`);
  if (rr.type !== undefined && codeIn(rr.type, RANGE_MEANING) !== 'normal' && conceptText(rr.type)?.trim().toLowerCase() !== 'normal') {
    reject(`The lab gives a reference range of the kind ${describe(rr.type)}, not the normal range. ${ASK}`);
  }
  return true;
}

/** A reference limit in the value's unit (1 ukat/L = 60 U/L, docs/clinical/enzymes.md). */
function limitIn(q: unknown, valueUnit: EnzymeUnit, label: string): number {
  const limit = parseQuantity(q, label);
  const unit = limit.unit === undefined && limit.code === undefined ? valueUnit : parseEnzymeUnit(limit.unit, limit.code);
  if (unit === null) reject(`${label} is in ${quote(unitLabel(limit))}, which does not convert to U/L or ukat/L.`);
  return converted(limit.value, unit, valueUnit);
}

function converted(value: number, from: EnzymeUnit, to: EnzymeUnit): number {
  if (from === to) return value;
  const ul = toUL(value, from);
  return to === 'U/L' ? ul : Number((ul / UL_PER_UKAT_L).toPrecision(12));
}

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const TEXT_FORMS: readonly [RegExp, (a: number, b: number) => EnzymeLimits][] = [
  [new RegExp(`^${NUMBER}\\s*[-–]\\s*${NUMBER}\\s*(.*)$`), (a, b) => ({ lower: a, upper: b })],
  [new RegExp(`^(?:<=?|≤)\\s*${NUMBER}()\\s*(.*)$`), (a) => ({ lower: null, upper: a })],
  [new RegExp(`^(?:>=?|≥)\\s*${NUMBER}()\\s*(.*)$`), (a) => ({ lower: a, upper: null })],
];

/** A range written plainly as text ("39-308 U/L", "<207", ">5 ukat/L"; no unit: the value's), else null. */
function textLimits(text: string, valueUnit: EnzymeUnit): EnzymeLimits | null {
  for (const [form, limits] of TEXT_FORMS) {
    const m = form.exec(text.trim());
    if (!m) continue;
    const unit = m[3] === '' ? valueUnit : parseEnzymeUnit(m[3], undefined);
    if (unit === null) return null;
    const { lower, upper } = limits(Number(m[1]), Number(m[2]));
    return { lower: lower === null ? null : converted(lower, unit, valueUnit), upper: upper === null ? null : converted(upper, unit, valueUnit) };
  }
  return null;
}

/** A range the sender marks as not the lab's (filled in from an earlier result or a site default). */
function filledIn(rr: Json): boolean {
  const source = extensionValue(rr, EXT.rangeSource, 'valueCode');
  return source !== undefined && source !== 'lab';
}

const shown = (l: EnzymeLimits, unit: EnzymeUnit) =>
  l.lower === null ? `up to ${l.upper} ${unit}` : l.upper === null ? `from ${l.lower} ${unit}` : `${l.lower}-${l.upper} ${unit}`;

/**
 * The lab's limits of an enzyme result in its unit; both null when the Observation has
 * no referenceRange (the fallback then applies). `sexOf`: the patient's recorded sex,
 * asked only when a range names one.
 */
export function enzymeRange(r: Json, unit: EnzymeUnit, sexOf: () => Sex | undefined): EnzymeLimits {
  const entries = objects(r.referenceRange).filter((rr) => !filledIn(rr));
  if (entries.length === 0) return { lower: null, upper: null };
  const found = new Map<string, EnzymeLimits>();
  const unread: string[] = [];
  let forOthers = 0;
  for (const rr of entries) {
    if (!applies(rr, sexOf)) {
      forOthers++;
      continue;
    }
    const text = asString(rr.text);
    const limits = rr.low !== undefined || rr.high !== undefined
      ? { lower: rr.low === undefined ? null : limitIn(rr.low, unit, 'The lower reference limit'), upper: rr.high === undefined ? null : limitIn(rr.high, unit, 'The upper reference limit') }
      : text === undefined ? null : textLimits(text, unit);
    if (limits) found.set(shown(limits, unit), limits);
    else unread.push(text ?? '');
  }
  if (found.size > 1) reject(`The lab sent reference ranges that all apply to this patient but differ (${[...found.keys()].join('; ')}): which one is right cannot be known. Ask the lab.`);
  const [only] = found.values();
  if (only) return only;
  const text = unread.find((t) => t !== '');
  if (text !== undefined) {
    reject(`The lab's reference range ${quote(text)} cannot be read: send it as its lower and upper limits, or written as "39-308 U/L", "<207 U/L" or ">5 U/L". A result whose lab gave a range is never stored with a default range.`);
  }
  if (forOthers > 0) reject(`The lab's reference ranges are all for the other sex (${whose(sexOf())}). ${ASK}`);
  return reject('The lab sent a reference range without limits: send its lower and upper limits, or leave the range out (then this patient\'s earlier lab range or the site default applies).');
}
