/**
 * OBX-5 values, OBX-6 units and OBX-7 reference ranges as the FHIR reader of the
 * import takes them (lib/domain/fhir/import-labs.ts), so the entry rules and the
 * value checks are the same ones: NM and SN numbers with their comparator (<5,
 * >150); ST/TX/FT text read as a number when it is one ("<5" as text is common) and
 * otherwise as a category (NEG, POS, Negative...). A coded answer (CE, CWE, CNE, IS, or
 * any value sent in components) is never a measurement: it is read only as a category
 * the product knows, by its words or a known code, and refused otherwise (a lab's
 * answer "3^^99LAB" is answer 3 of its own list, not the number 3). Refusals in words.
 */
import { SYSTEM } from '../../domain/fhir/codes';
import { QUALITATIVE_CATEGORIES, type QualitativeCategory } from '../../domain/types';
import type { Coded, ObxData } from './oru';
import { contentError, ERROR_CODE } from './problem';

type Json = Record<string, unknown>;

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const WITH_COMPARATOR = new RegExp(`^(<=|>=|<|>)?\\s*(${NUMBER})$`);
const TEXT_TYPES = ['ST', 'TX', 'FT'];
const CODED_TYPES = ['CE', 'CWE', 'CNE', 'IS'];
/**
 * The words the import's category reader knows (lib/domain/fhir/import-labs.ts
 * parseCategory), with the category each means; tests/unit/hl7-day-and-answer.test.ts
 * keeps the two in step.
 */
export const CATEGORY_WORDS: Readonly<Record<string, QualitativeCategory>> = {
  negative: 'negative', 'not detected': 'negative', borderline: 'borderline', equivocal: 'borderline',
  positive: 'positive', detected: 'positive', 'strong positive': 'strong', 'strongly positive': 'strong',
};
/** Abbreviations labs send for qualitative results, in the words the import's category reader knows. */
const CATEGORY_ABBREVIATIONS: Readonly<Record<string, string>> = { NEG: 'negative', POS: 'positive', IND: 'borderline', EQV: 'borderline', EQUIV: 'borderline', ND: 'not detected', DET: 'detected' };
/** SNOMED CT answers the import also reads by code (negative, positive), named SCT in HL7. */
const SNOMED_ANSWERS: Readonly<Record<string, string>> = { '260385009': 'negative', '10828004': 'positive' };
const CATEGORY_LIST = 'negative, borderline, positive or strong positive (in words, or as NEG, IND or POS)';

/** The import's word for a text or an abbreviation ("Negative", "NEG"), or undefined. */
function categoryWord(s: string): string | undefined {
  const t = s.trim();
  return CATEGORY_WORDS[t.toLowerCase()] ? t : CATEGORY_ABBREVIATIONS[t.toUpperCase()];
}

/** A FHIR Quantity's unit from OBX-6 (code^text^system): UCUM when the sender says so. */
export function unitOf(units: Coded): Json {
  const text = units.text || units.code;
  const ucum = units.system.toUpperCase() === 'UCUM' && units.code !== '';
  return { ...(text ? { unit: text } : {}), ...(ucum ? { system: SYSTEM.ucum, code: units.code } : {}) };
}

function quantity(comparator: string, num: string, units: Coded): Json {
  return { value: Number(num), ...(comparator && comparator !== '=' ? { comparator } : {}), ...unitOf(units) };
}

/** The test a result is for, in the lab's words, to begin a refusal with. */
const testOf = (obx: ObxData) => obx.code.text || obx.code.code;

/**
 * A coded answer (identifier^text^coding system^alternate identifier^text^system): the
 * category its words or its codes name, all agreeing; refused when none is one the
 * product knows or when they disagree. Never a number.
 */
function codedAnswer(obx: ObxData, comps: readonly string[], at: { segment: string; sequence: number; field: number }): Json {
  const [code = '', text = '', system = '', altCode = '', altText = '', altSystem = ''] = comps.map((c) => c.trim());
  const byCode = (c: string, sys: string) => (c ? (/^(SCT|SNM|SNOMED|SNOMEDCT)$/i.test(sys) ? SNOMED_ANSWERS[c] : undefined) ?? categoryWord(c) : undefined);
  const found = [categoryWord(text), categoryWord(altText), byCode(code, system), byCode(altCode, altSystem)].filter((w) => w !== undefined);
  // POS beside "Strongly positive" agree: strong is a positive, said more precisely.
  const strong = found.find((w) => CATEGORY_WORDS[w.toLowerCase()] === 'strong');
  const named = new Set(found.map((w) => CATEGORY_WORDS[w.toLowerCase()]).map((c) => (c === 'positive' && strong ? 'strong' : c)));
  const categories = QUALITATIVE_CATEGORIES.filter((c) => named.has(c));
  const sent = JSON.stringify((text || altText || code || altCode).slice(0, 60));
  if (categories.length === 0) {
    const what = text || altText ? `the answer ${sent}` : `the answer ${sent} (a code, without words)`;
    return contentError(`${testOf(obx)}: ${what} is not a result Titerline can file. A coded answer is filed only as ${CATEGORY_LIST}; a measurement must be sent as a number.`, ERROR_CODE.dataType, at);
  }
  if (categories.length > 1) return contentError(`${testOf(obx)}: the coded answer says both ${categories.map((c) => (c === 'strong' ? 'strong positive' : c)).join(' and ')}. Ask the lab which is right.`, ERROR_CODE.dataType, at);
  return { valueCodeableConcept: { text: strong ?? found[0] } };
}

/** The FHIR value[x] of one OBX (nothing when OBX-5 is empty: the import says what is missing). */
export function valueOf(obx: ObxData): Json {
  const at = { segment: 'OBX', sequence: obx.location.sequence, field: 5 };
  if (obx.values.length === 0) return {};
  if (obx.values.length > 1) contentError('OBX-5 repeats: one result has one value. Send each value in its own OBX.', ERROR_CODE.dataType, at);
  const comps = obx.values[0] ?? [];
  const hasComponents = comps.slice(1).some((c) => c.trim() !== '');
  const type = obx.valueType.toUpperCase();
  if (type === 'NM') {
    const m = hasComponents ? null : WITH_COMPARATOR.exec((comps[0] ?? '').trim());
    if (!m) return contentError(`OBX-5 ${JSON.stringify(comps.join('^').slice(0, 60))} is not a number (OBX-2 says NM).`, ERROR_CODE.dataType, at);
    return { valueQuantity: quantity(m[1] ?? '', m[2]!, obx.units) };
  }
  if (type === 'SN') {
    const [comparator = '', num = '', separator = '', second = ''] = comps.map((c) => c.trim());
    if (separator || second) contentError(`OBX-5 ${JSON.stringify(comps.join('^').slice(0, 60))} is a range or ratio; Titerline stores one number with < or > (send a titre as its dilution, e.g. 80).`, ERROR_CODE.dataType, at);
    if (!new RegExp(`^${NUMBER}$`).test(num)) contentError(`OBX-5 ${JSON.stringify(comps.join('^').slice(0, 60))} has no number (OBX-2 says SN: comparator^number).`, ERROR_CODE.dataType, at);
    return { valueQuantity: quantity(comparator, num, obx.units) };
  }
  if (CODED_TYPES.includes(type) || (TEXT_TYPES.includes(type) && hasComponents)) return codedAnswer(obx, comps, at);
  if (!TEXT_TYPES.includes(type)) {
    return contentError(`OBX-2 value type ${JSON.stringify(obx.valueType.slice(0, 10))} cannot be filed: send NM, SN, ST, TX, FT, CE, CWE, CNE or IS.`, ERROR_CODE.tableValue, { ...at, field: 2 });
  }
  const text = (comps[0] ?? '').trim();
  const m = WITH_COMPARATOR.exec(text);
  if (m) return { valueQuantity: quantity(m[1] ?? '', m[2]!, obx.units) };
  return { valueCodeableConcept: { text: categoryWord(text) ?? text } };
}

/**
 * OBX-7 as a FHIR referenceRange: "26-192", "<5", "<=5", ">10". A range that cannot
 * be read is refused for a number (a wrong limit would misclassify it) and left out
 * for a category (its range is words, e.g. "Negative").
 */
export function referenceRangeOf(obx: ObxData, numeric: boolean): Json[] {
  const text = obx.referenceRange.trim();
  if (!text) return [];
  const limit = (n: string) => ({ value: Number(n), ...unitOf(obx.units) });
  const between = new RegExp(`^(${NUMBER})\\s*-\\s*(${NUMBER})$`).exec(text);
  if (between) return [{ low: limit(between[1]!), high: limit(between[2]!) }];
  const upper = new RegExp(`^<=?\\s*(${NUMBER})$`).exec(text);
  if (upper) return [{ high: limit(upper[1]!) }];
  const lower = new RegExp(`^>=?\\s*(${NUMBER})$`).exec(text);
  if (lower) return [{ low: limit(lower[1]!) }];
  if (!numeric) return [];
  return contentError(`OBX-7 reference range ${JSON.stringify(text.slice(0, 40))} cannot be read: send it as low-high (26-192), <high (<5) or >low.`, ERROR_CODE.dataType, { segment: 'OBX', sequence: obx.location.sequence, field: 7 });
}
