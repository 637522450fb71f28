/**
 * Plausibility checks at entry (issue 17, items 5 and 6): a value that is possible but
 * more likely a slip asks for confirmation ("Save anyway"), it is never refused and
 * never changed. Each function returns one line per warning, in words a clinician
 * reads; the DAL turns them into a conflict unless the entry confirms them
 * (`allowImplausible`), the CSV preview shows them per row, the FHIR import lists
 * them. Limits: the assay's measuring range (assays.measuring_max), else
 * {@link TITER_CONFIRM_TIMES_CUTOFF} times the cut-off; the enzyme table
 * (lib/domain/enzymes.ts ENZYME confirmAboveUL, ukatConfirmAboveUL). Pure.
 */
import { ANTIBODY_CLASS_LABELS, formatAntibodyValue, labCategoryDiffers, numericClass, type ClassifiableResult, type FormattableResult } from './antibody';
import { ENZYME } from './enzymes';
import type { EnzymeAnalyte, EnzymeUnit } from './types';

/**
 * Without a measuring range in the catalog, a titer above this many times its cut-off
 * asks for confirmation. Line blots read 0-255 (cut-off 5: at most 51x), ELISAs report
 * up to about 10x their cut-off before dilution, IIF titers reach 1:5120 over a 1:80
 * screen (64x): 100x is beyond what the assays in the catalog report, and within what
 * a slipped digit makes (150 typed as 1500). docs/decisions/0019-entry-rules.md.
 */
export const TITER_CONFIRM_TIMES_CUTOFF = 100;

const fmt = (n: number) => Number(n.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 3 });

export type TiterEntry = ClassifiableResult & FormattableResult & { assayId: number; collectedOn: string };

/** A result of the same patient, analyte and day already stored (or earlier in the same import). */
export interface SameDayTiter extends FormattableResult { assayId: number }

/** No warning: one shared, frozen list (the import judges 100,000 rows; most have none). */
export const NO_WARNINGS: readonly string[] = Object.freeze([]);

/** Warnings from the result alone: category against cut-off, measuring range (else 100x the cut-off). */
export function antibodyValueWarnings(r: TiterEntry, assay: { measuringMax: number | null }): readonly string[] {
  const differs = labCategoryDiffers(r);
  const high = r.value !== null && r.comparator !== '<' ? r.value : null;
  const aboveRange = high !== null && assay.measuringMax !== null && high > assay.measuringMax;
  const manyTimes = high !== null && assay.measuringMax === null && r.cutoff !== null && r.cutoff > 0 && high > TITER_CONFIRM_TIMES_CUTOFF * r.cutoff;
  if (!differs && !aboveRange && !manyTimes) return NO_WARNINGS;
  const out: string[] = [];
  const shown = formatAntibodyValue({ ...r, qualitative: null });
  if (differs) {
    const cls = numericClass(r);
    out.push(`The lab's category (${ANTIBODY_CLASS_LABELS[r.qualitative!]}) differs from what the cut-off says: ${shown} with cut-off ${fmt(r.cutoff!)} reads ${cls ? ANTIBODY_CLASS_LABELS[cls] : 'otherwise'}. Both are kept; the number decides the class.`);
  }
  if (aboveRange) out.push(`${shown} is above the assay's measuring range (up to ${fmt(assay.measuringMax!)}${r.unit ? ` ${r.unit}` : ''}): check the value.`);
  if (manyTimes) out.push(`${shown} is ${fmt(Math.round(high! / r.cutoff!))} times the cut-off (${fmt(r.cutoff!)}): check the value.`);
  return out;
}

/** Another value of the same assay that day (the same result is the duplicate check's: lib/domain/same-result.ts), or null. */
export function antibodySameDayWarning(r: TiterEntry, sameDay: readonly SameDayTiter[]): string | null {
  if (!sameDay.length) return null;
  const mine = formatAntibodyValue(r);
  const others = sameDay.filter((o) => o.assayId === r.assayId && formatAntibodyValue(o) !== mine);
  return others.length ? `Another result of this assay on ${r.collectedOn} reads ${others.map((o) => formatAntibodyValue(o)).join(', ')}; this one reads ${mine}. Both will be kept.` : null;
}

/** Every warning of a new or corrected anti-Mi2 result. */
export function antibodyWarnings(r: TiterEntry, assay: { measuringMax: number | null }, sameDay: readonly SameDayTiter[] = []): string[] {
  const day = antibodySameDayWarning(r, sameDay);
  return [...antibodyValueWarnings(r, assay), ...(day ? [day] : [])];
}

export interface EnzymeEntry { analyte: EnzymeAnalyte; collectedOn: string; value: number; unit: EnzymeUnit; valueUL: number }
type EnzymeValue = Pick<EnzymeEntry, 'value' | 'unit' | 'valueUL'>;

const asReported = (v: number, unit: EnzymeUnit) => `${fmt(v)} ${unit === 'ukat/L' ? 'µkat/L' : unit}`;

/** Warnings from the value alone: a likely unit slip (ukat/L for U/L), else above the enzyme's "confirm above" limit. */
export function enzymeValueWarnings(r: EnzymeEntry): readonly string[] {
  const info = ENZYME[r.analyte];
  if (r.unit === 'ukat/L' && r.valueUL > info.ukatConfirmAboveUL) {
    return [`${info.shortLabel} ${asReported(r.value, r.unit)} is ${fmt(r.valueUL)} U/L: if the report says ${fmt(r.value)} U/L, choose U/L as the unit.`];
  }
  if (r.valueUL > info.confirmAboveUL) return [`${info.shortLabel} ${fmt(r.valueUL)} U/L is above ${fmt(info.confirmAboveUL)} U/L, which is rarely seen: check the value and its unit.`];
  return NO_WARNINGS;
}

/** Another value of this enzyme that day (the same value in U/L is the same result: lib/domain/same-result.ts), or null. */
export function enzymeSameDayWarning(r: EnzymeEntry, sameDay: readonly EnzymeValue[]): string | null {
  if (!sameDay.length) return null;
  const others = sameDay.filter((o) => o.valueUL !== r.valueUL);
  return others.length
    ? `Another ${ENZYME[r.analyte].shortLabel} on ${r.collectedOn} reads ${others.map((o) => asReported(o.value, o.unit)).join(', ')}; this one reads ${asReported(r.value, r.unit)}. Both will be kept.`
    : null;
}

/** Every warning of a new or corrected enzyme result; `sameDay` are this patient's other results of the analyte that day. */
export function enzymeWarnings(r: EnzymeEntry, sameDay: readonly EnzymeValue[] = []): string[] {
  const day = enzymeSameDayWarning(r, sameDay);
  return [...enzymeValueWarnings(r), ...(day ? [day] : [])];
}

/** Warning of a visit on a date that already has one (a second visit a day is possible, a double entry likelier). */
export function visitWarnings(visitOn: string, visitsThatDay: number): string[] {
  return visitsThatDay > 0 ? [`A visit on ${visitOn} is already recorded: save only if this is a second visit that day.`] : [];
}
