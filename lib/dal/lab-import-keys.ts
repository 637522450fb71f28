import 'server-only';
import { and, inArray } from 'drizzle-orm';
import { antibodyResults, enzymeResults, recordHistory } from '@/db/schema';
import type { EnzymeUnit, QualitativeCategory } from '../domain/types';
import type { ResultFacts } from '../domain/same-result';
import { duplicateKeys } from '../import/lab-report';
import { testLabel } from '../import/lab-row';
import type { Tx } from './tx';

type Reader = Pick<Tx, 'select'>;

/** A stored result (live, in error or an earlier version) with what its duplicate keys need. */
type KeyedRow = ResultFacts & { id: number; patientId: number; accession: string; enteredInError?: boolean };

/** A result as the same-day check compares it (lib/domain/plausibility.ts). */
export type DayRow =
  | { assayId: number; value: number | null; comparator: '<' | '>' | null; qualitative: QualitativeCategory | null; unit: string }
  | { value: number; unit: EnzymeUnit; valueUL: number };

/** A live stored result with its test and day. */
export type LiveRow = DayRow & { analyte: string; collectedOn: string; assayId?: number };

/** What the duplicate and same-day screens of an import compare new rows with, by patient. */
export interface StoredKeys {
  /** Duplicate key -> why a matching row is a duplicate. */
  keys: Map<number, Map<string, string>>;
  /**
   * The live results, for the same-day check (indexed by the screen only for a patient
   * with a new row: a re-import of 100,000 duplicates never needs them).
   */
  live: Map<number, LiveRow[]>;
}

/** SQLite caps bound parameters per statement; 500 ids per IN (...) stays far below it. */
export const CHUNK = 500;
export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** A version kept in record_history (the whole row as it was), if it has the fields a duplicate key needs. */
function historicRow(json: string): KeyedRow | null {
  const r = JSON.parse(json) as Record<string, unknown>;
  const ok = typeof r.id === 'number' && typeof r.patientId === 'number' && typeof r.analyte === 'string' && typeof r.collectedOn === 'string' && typeof r.accession === 'string'
    // An enzyme version has its value in U/L; an anti-Mi2 version its assay and unit.
    && (typeof r.valueUL === 'number' || (typeof r.assayId === 'number' && typeof r.unit === 'string'));
  return ok ? ({ ...r, value: r.value ?? null } as KeyedRow) : null;
}

/**
 * Duplicate keys of every result already stored for these patients, by patient, each
 * mapped to why a matching row is a duplicate. Rows marked entered in error and
 * earlier versions of corrected rows count too: re-importing the file a result came
 * from must not bring back what a clinician has since removed or corrected
 * (docs/decisions/0007).
 */
export function loadExistingKeys(db: Reader, patientIds: number[]): StoredKeys {
  const byPatient = new Map<number, Map<string, string>>();
  const liveRows = new Map<number, LiveRow[]>();
  const live = (r: LiveRow & { patientId: number }) => {
    const mine = liveRows.get(r.patientId);
    if (mine) mine.push(r);
    else liveRows.set(r.patientId, [r]);
  };
  const note = (r: KeyedRow, state: 'live' | 'in-error' | 'earlier') => {
    const seen = byPatient.get(r.patientId) ?? byPatient.set(r.patientId, new Map()).get(r.patientId)!;
    const [byValue, byAccession] = duplicateKeys(r.patientId, r);
    const what = `${testLabel(r.analyte)} collected on ${r.collectedOn}`;
    const where = { live: 'Already recorded', 'in-error': 'Already recorded and marked entered in error', earlier: 'Matches an earlier, since corrected version' }[state];
    if (byValue && !seen.has(byValue)) seen.set(byValue, `${where}: the same value (${what}).`);
    if (byAccession && !seen.has(byAccession)) seen.set(byAccession, `${where}: accession ${r.accession} (${what}).`);
  };
  for (const part of chunks(patientIds)) {
    // Live rows first, so a key shared with an older version reports the row the user can see.
    const ab = db.select({
      id: antibodyResults.id, patientId: antibodyResults.patientId, assayId: antibodyResults.assayId, analyte: antibodyResults.analyte, collectedOn: antibodyResults.collectedOn,
      value: antibodyResults.value, comparator: antibodyResults.comparator, qualitative: antibodyResults.qualitative, unit: antibodyResults.unit, accession: antibodyResults.accession,
      enteredInError: antibodyResults.enteredInError,
    }).from(antibodyResults).where(inArray(antibodyResults.patientId, part)).all();
    const ez = db.select({
      id: enzymeResults.id, patientId: enzymeResults.patientId, analyte: enzymeResults.analyte, collectedOn: enzymeResults.collectedOn, value: enzymeResults.value,
      unit: enzymeResults.unit, valueUL: enzymeResults.valueUL, accession: enzymeResults.accession, enteredInError: enzymeResults.enteredInError,
    }).from(enzymeResults).where(inArray(enzymeResults.patientId, part)).all();
    for (const r of ab) if (!r.enteredInError) live(r);
    for (const r of ez) if (!r.enteredInError) live(r);
    const rows: KeyedRow[] = [...ab, ...ez];
    for (const r of rows) if (!r.enteredInError) note(r, 'live');
    for (const r of rows) if (r.enteredInError) note(r, 'in-error');
    const history = db.select({ dataJson: recordHistory.dataJson }).from(recordHistory)
      .where(and(inArray(recordHistory.patientId, part), inArray(recordHistory.entity, ['antibody-result', 'enzyme-result']))).all();
    for (const h of history) {
      const r = historicRow(h.dataJson);
      if (r) note(r, 'earlier');
    }
  }
  return { keys: byPatient, live: liveRows };
}
