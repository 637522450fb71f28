/**
 * The common case of an imported row, judged without zod: plain decimal numbers, an
 * ISO date, known words. Each function returns exactly what the entry schema
 * (lib/validation/labs) returns for the same input, or null when the input is
 * anything else, and then the schema judges it (and words any problem). A zod parse
 * per row was the largest single cost of judging a 100,000-row file
 * (docs/performance.md). tests/unit/lab-row-fast.test.ts checks the equivalence on
 * generated rows. Pure.
 */
import { isIsoDate } from '../domain/dates';
import { QUALITATIVE_CATEGORIES, type EnzymeAnalyte } from '../domain/types';
import { maybeThousands, NUMBER_RULES, numberAllowed, type NumberRule } from '../validation/field-rules';
import type { AntibodyResultInput, EnzymeResultInput } from '../validation/labs';
import { accessionAllowed } from '../validation/text-rules';

const DECIMAL = /^\d{1,7}(\.\d{1,12})?$/;

/** '' -> null; a plain decimal its field's rule takes (lib/validation/field-rules.ts) -> the number; anything else -> undefined (not the common case). */
function number(s: unknown, rule: NumberRule): number | null | undefined {
  if (s === '' || s === undefined || s === null) return null;
  if (typeof s !== 'string' || !DECIMAL.test(s) || maybeThousands(s)) return undefined; // "12.500": readNumber weighs its two readings
  const n = Number(s);
  return numberAllowed(n, rule) ? n : undefined;
}

const date = (s: unknown): string | undefined => (isIsoDate(s) ? s : undefined);
const accession = (s: unknown): string | undefined => (s === undefined || s === null ? '' : typeof s === 'string' && s.trim() === s && accessionAllowed(s) ? s : undefined);

export interface EnzymeCells { analyte: EnzymeAnalyte; collectedOn: unknown; value: unknown; unit: 'U/L' | 'ukat/L'; lowerLimit: unknown; upperLimit: unknown; accession: unknown }

/** What enzymeResultSchema.parse gives for these cells (allowDuplicate false), or null. */
export function fastEnzymeData(c: EnzymeCells): EnzymeResultInput | null {
  const collectedOn = date(c.collectedOn);
  const value = number(c.value, NUMBER_RULES.enzymeValue);
  const lowerLimit = number(c.lowerLimit, NUMBER_RULES.enzymeLowerLimit);
  const upperLimit = number(c.upperLimit, NUMBER_RULES.enzymeUpperLimit);
  const acc = accession(c.accession);
  if (collectedOn === undefined || value === undefined || value === null || lowerLimit === undefined || upperLimit === undefined || acc === undefined) return null;
  if (lowerLimit !== null && upperLimit !== null && lowerLimit >= upperLimit) return null;
  return { analyte: c.analyte, collectedOn, value, unit: c.unit, lowerLimit, upperLimit, accession: acc, allowDuplicate: false, allowImplausible: false };
}

export interface AntibodyCells { assayId: number; collectedOn: unknown; value: unknown; comparator: unknown; qualitative: unknown; cutoff: unknown; accession: unknown }

const isCategory = (s: unknown): s is (typeof QUALITATIVE_CATEGORIES)[number] => (QUALITATIVE_CATEGORIES as readonly unknown[]).includes(s);

/** What antibodyResultSchema.parse gives for these cells (allowDuplicate false), or null. */
export function fastAntibodyData(c: AntibodyCells): AntibodyResultInput | null {
  if (!Number.isSafeInteger(c.assayId) || c.assayId <= 0) return null;
  const collectedOn = date(c.collectedOn);
  const value = number(c.value, NUMBER_RULES.antibodyValue);
  const cutoff = number(c.cutoff, NUMBER_RULES.antibodyCutoff);
  const acc = accession(c.accession);
  const comparator = c.comparator === '' || c.comparator === undefined || c.comparator === null ? null : c.comparator === '<' || c.comparator === '>' ? c.comparator : undefined;
  const qualitative = c.qualitative === '' || c.qualitative === undefined || c.qualitative === null ? null : isCategory(c.qualitative) ? c.qualitative : undefined;
  if (collectedOn === undefined || value === undefined || cutoff === undefined || acc === undefined || comparator === undefined || qualitative === undefined) return null;
  if ((comparator !== null && value === null) || (value === null && qualitative === null)) return null;
  return { assayId: c.assayId, collectedOn, value, comparator, qualitative, cutoff, accession: acc, allowDuplicate: false, allowImplausible: false };
}
