/**
 * A stored row's values as the correction history shows them: clinical labels for
 * codes ("µkat/L", "Mi-2β", "Strong positive", "Yes"), the assay's name instead of its
 * catalog number, findings by name and MMT-8 grades counted, never raw JSON or
 * true/false. Headers come from FIELD_LABELS (lib/domain/vocabulary.ts).
 */
import { ENZYME } from './enzymes';
import { FINDING_LABELS } from './findings';
import { routeLabel } from './medication-options';
import type { EnzymeAnalyte } from './types';
import { analyteName, ANTIBODY_CLASS_LABELS, DRUG_CLASS_LABELS, fieldLabel, MMT_VERSION_LABELS, unitLabel } from './vocabulary';

export interface HistoryContext {
  /** Catalog assay names by id, for `assayId`. */
  assayNames?: Readonly<Record<number, string>>;
}

const pick = <T extends string>(table: Readonly<Record<T, string>>, key: string): string | null =>
  Object.hasOwn(table, key) ? table[key as T] : null;

function parsed(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return null;
  }
}

function findingsText(v: unknown): string {
  const list = parsed(v);
  if (!Array.isArray(list) || list.length === 0) return 'None';
  return list.map((f) => (typeof f === 'string' ? pick(FINDING_LABELS, f) ?? 'Other finding' : 'Other finding')).join(', ');
}

function gradesText(v: unknown): string {
  const grades = parsed(v);
  if (grades === null || typeof grades !== 'object' || Array.isArray(grades)) return '—';
  const values = Object.values(grades as Record<string, unknown>);
  const graded = values.filter((g) => typeof g === 'number').length;
  return `${graded} of ${values.length} tests graded`;
}

/** One history cell: `value` is what the row stored (or the page's string of it). */
export function historyValue(key: string, value: unknown, ctx: HistoryContext = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value === true || value === 'true') return 'Yes';
  if (value === false || value === 'false') return 'No';
  const text = String(value);
  switch (key) {
    case 'assayId': return ctx.assayNames?.[Number(text)] ?? 'An assay no longer in the catalog';
    case 'analyte': return Object.hasOwn(ENZYME, text) ? ENZYME[text as EnzymeAnalyte].shortLabel : analyteName(text);
    case 'unit': case 'doseUnit': return unitLabel(text);
    case 'qualitative': return pick(ANTIBODY_CLASS_LABELS, text) ?? text;
    case 'mmtVersion': return pick(MMT_VERSION_LABELS, text) ?? text;
    case 'mmtGradesJson': return gradesText(value);
    case 'findingsJson': return findingsText(value);
    case 'drugClass': return pick(DRUG_CLASS_LABELS, text) ?? text;
    case 'route': return routeLabel(text);
    default: return text;
  }
}

/** The columns a history table shows, in the page's order: only fields with a clinical label. */
export function historyColumns(keys: readonly string[]): { key: string; label: string }[] {
  return keys.flatMap((key) => {
    const label = fieldLabel(key);
    return label ? [{ key, label }] : [];
  });
}
