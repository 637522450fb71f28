/**
 * OBX-5 values, OBX-6 units and OBX-7 reference ranges as the FHIR reader of the
 * import takes them (lib/domain/fhir/import-labs.ts), so the entry rules and the
 * value checks are the same ones: NM and SN numbers with their comparator (<5,
 * >150), ST/TX/FT/CE/CWE text read as a number when it is one ("<5" as text is
 * common) and otherwise as a category (NEG, POS, Negative...). Refusals in words.
 */
import { SYSTEM } from '../../domain/fhir/codes';
import type { Coded, ObxData } from './oru';
import { contentError, ERROR_CODE } from './problem';

type Json = Record<string, unknown>;

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const WITH_COMPARATOR = new RegExp(`^(<=|>=|<|>)?\\s*(${NUMBER})$`);
const TEXT_TYPES = ['ST', 'TX', 'FT', 'CE', 'CWE', 'IS'];
/** Abbreviations labs send for qualitative results, in the words the import's category reader knows. */
const CATEGORY_ABBREVIATIONS: Readonly<Record<string, string>> = { NEG: 'negative', POS: 'positive', IND: 'borderline', EQV: 'borderline', EQUIV: 'borderline', ND: 'not detected', DET: 'detected' };

/** A FHIR Quantity's unit from OBX-6 (code^text^system): UCUM when the sender says so. */
export function unitOf(units: Coded): Json {
  const text = units.text || units.code;
  const ucum = units.system.toUpperCase() === 'UCUM' && units.code !== '';
  return { ...(text ? { unit: text } : {}), ...(ucum ? { system: SYSTEM.ucum, code: units.code } : {}) };
}

function quantity(comparator: string, num: string, units: Coded): Json {
  return { value: Number(num), ...(comparator && comparator !== '=' ? { comparator } : {}), ...unitOf(units) };
}

/** The FHIR value[x] of one OBX (nothing when OBX-5 is empty: the import says what is missing). */
export function valueOf(obx: ObxData): Json {
  const at = { segment: 'OBX', sequence: obx.location.sequence, field: 5 };
  if (obx.values.length === 0) return {};
  if (obx.values.length > 1) contentError('OBX-5 repeats: one result has one value. Send each value in its own OBX.', ERROR_CODE.dataType, at);
  const comps = obx.values[0] ?? [];
  const type = obx.valueType.toUpperCase();
  if (type === 'NM') {
    const m = WITH_COMPARATOR.exec((comps[0] ?? '').trim());
    if (!m) return contentError(`OBX-5 ${JSON.stringify(comps.join('^').slice(0, 60))} is not a number (OBX-2 says NM).`, ERROR_CODE.dataType, at);
    return { valueQuantity: quantity(m[1] ?? '', m[2]!, obx.units) };
  }
  if (type === 'SN') {
    const [comparator = '', num = '', separator = '', second = ''] = comps.map((c) => c.trim());
    if (separator || second) contentError(`OBX-5 ${JSON.stringify(comps.join('^').slice(0, 60))} is a range or ratio; Titerline stores one number with < or > (send a titre as its dilution, e.g. 80).`, ERROR_CODE.dataType, at);
    if (!new RegExp(`^${NUMBER}$`).test(num)) contentError(`OBX-5 ${JSON.stringify(comps.join('^').slice(0, 60))} has no number (OBX-2 says SN: comparator^number).`, ERROR_CODE.dataType, at);
    return { valueQuantity: quantity(comparator, num, obx.units) };
  }
  if (!TEXT_TYPES.includes(type)) {
    return contentError(`OBX-2 value type ${JSON.stringify(obx.valueType.slice(0, 10))} cannot be filed: send NM, SN, ST, TX, FT, CE or CWE.`, ERROR_CODE.tableValue, { ...at, field: 2 });
  }
  const text = (type === 'CE' || type === 'CWE' ? comps[1] || comps[0] || '' : comps.join('^')).trim();
  const m = WITH_COMPARATOR.exec(text);
  if (m) return { valueQuantity: quantity(m[1] ?? '', m[2]!, obx.units) };
  return { valueCodeableConcept: { text: CATEGORY_ABBREVIATIONS[text.toUpperCase()] ?? text } };
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
