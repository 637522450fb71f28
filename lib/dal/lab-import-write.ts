import 'server-only';
import { byDateThenId } from '../domain/dates';
import { tabulateResults, type CreatedRows } from '../import/result-table';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { importInserts } from './lab-import-insert';
import { assayLabeller, loadPatientClinicalData, toAntibodyResult, toEnzymeResult } from './patient-data';
import { readSignalSettings, recomputePatientSignals } from './signal-store';
import type { PlannedRow } from './lab-import-plan';
import type { Tx } from './tx';

/** What one patient got from an import: created rows by entity, each with its file line. */
interface Created { 'antibody-result': CreatedRows; 'enzyme-result': CreatedRows }

const byOn = byDateThenId((r: { collectedOn: string; id: number }) => r.collectedOn);

/** Planned rows by patient, in first-seen order, each patient's in file order. */
function byPatient(inserts: readonly PlannedRow[]): Map<number, PlannedRow[]> {
  const out = new Map<number, PlannedRow[]>();
  for (const r of inserts) {
    const rows = out.get(r.patient.id);
    if (rows) rows.push(r);
    else out.set(r.patient.id, [r]);
  }
  return out;
}

/**
 * Writes an import's planned rows (already judged by planLabImport in this
 * transaction), patient by patient: the rows, one audit event listing every result
 * created for the patient, each as stored with its file line, as a table per entity
 * (lib/import/result-table.ts, docs/decisions/0012), and the patient's recomputed
 * signals. The trail keeps every value, and a 100,000-row file costs one chained hash
 * per patient instead of one per row. The recompute is given the patient's rows read
 * before the import plus the rows it just wrote, instead of reading them all back
 * (tests/integration/lab-import-derived.test.ts checks both give the same). Timelines
 * are dropped for the next view to rebuild (decision 12). Each event is chained to the
 * last one stored, read back per patient (one indexed read per event, not per row).
 */
export function writeImportedRows(tx: Tx, by: Actor, inserts: readonly PlannedRow[], importId: string): void {
  const insert = importInserts({ createdBy: by.userId, at: new Date().toISOString() });
  const settings = readSignalSettings(tx);
  const patients = byPatient(inserts);
  const labelOf = assayLabeller();
  for (const [patientId, rows] of patients) {
    const data = loadPatientClinicalData(patientId);
    const created: Created = { 'antibody-result': { lines: [], rows: [] }, 'enzyme-result': { lines: [], rows: [] } };
    for (const r of rows) {
      // The values planLabImport's checks returned for this row in this transaction.
      if (r.kind === 'antibody') {
        const row = insert.antibody(patientId, r.values);
        created['antibody-result'].lines.push(r.line);
        created['antibody-result'].rows.push(row);
        data.antibodyResults.push(toAntibodyResult(row, r.assay, labelOf(r.assay.id, r.assay.name, r.assay.lab)));
      } else {
        const row = insert.enzyme(patientId, r.values);
        created['enzyme-result'].lines.push(r.line);
        created['enzyme-result'].rows.push(row);
        data.enzymeResults.push(toEnzymeResult(row));
      }
    }
    // The loader's order (date, then id), so the rows handed on are exactly what a read would give.
    data.antibodyResults.sort(byOn);
    data.enzymeResults.sort(byOn);
    const results = Object.entries(created).filter(([, c]) => c.rows.length).map(([entity, c]) => tabulateResults(entity, c));
    appendAudit(tx, by, {
      action: 'lab-import.results', entity: 'lab-import', entityId: importId, patientId, after: { results },
      reason: `CSV import ${importId}: ${rows.length} result${rows.length === 1 ? '' : 's'} created`,
    });
    recomputePatientSignals(tx, patientId, settings, { timeline: 'invalidate', data });
  }
}
