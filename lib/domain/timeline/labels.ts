/**
 * Display labels used in timeline DTOs (tooltips, legends, flowsheet rows), kept in
 * lib/domain so the series builders stay free of app and validation imports.
 */
import { ENZYME } from '../enzymes';
import { findDrug } from '../medications';
import type { Analyte, EnzymeAnalyte } from '../types';
import { ANALYTE_SHORT_LABELS } from '../vocabulary';

/** Analyte names in chart keys and the flowsheet (lib/domain/vocabulary.ts). */
export const ANALYTE_LABEL: Readonly<Record<Analyte, string>> = ANALYTE_SHORT_LABELS;

export function enzymeLabel(analyte: EnzymeAnalyte): string {
  return ENZYME[analyte].shortLabel;
}

/** Catalog label of a drug ("Mycophenolate mofetil"), or the name as stored for free-text drugs. */
export function drugLabel(drug: string): string {
  const hit = findDrug(drug);
  return hit && hit.key !== 'other' ? hit.label : drug.trim();
}

/** A number with at most `digits` decimals and no trailing zeros: 2.50 -> "2.5". */
export function num(n: number, digits = 2): string {
  return String(Number.parseFloat(n.toFixed(digits)));
}
