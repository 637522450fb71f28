import 'server-only';
import { sql } from 'drizzle-orm';
import { antibodyResults, enzymeResults } from '@/db/schema';
import { tabulateResults, type ListedResult } from '../import/result-table';
import type { Actor } from './actor';
import { checkNewAntibodyResult } from './antibody-results';
import { auditRun } from './audit';
import { checkNewEnzymeResult } from './enzyme-results';
import type { PlannedRow } from './lab-import-plan';
import { insertBuildingRow, preparedPerConnection } from './prepared';
import type { Tx } from './tx';

const p = (name: string) => sql.placeholder(name);
const common = { patientId: p('patientId'), accession: p('accession'), collectedOn: p('collectedOn'), value: p('value'), unit: p('unit'), analyte: p('analyte'), createdBy: p('createdBy'), createdAt: p('createdAt'), updatedAt: p('updatedAt') };
const statements = preparedPerConnection((db) => ({
  antibody: insertBuildingRow(db, antibodyResults, {
    ...common, assayId: p('assayId'), comparator: p('comparator'), qualitative: p('qualitative'), cutoff: p('cutoff'), positiveFrom: p('positiveFrom'), strongAbove: p('strongAbove'),
  }),
  enzyme: insertBuildingRow(db, enzymeResults, { ...common, valueUL: p('valueUL'), lowerLimitUL: p('lowerLimitUL'), upperLimitUL: p('upperLimitUL') }),
}));

/** What one patient got from an import: created rows by entity, each with its file line. */
interface Created { 'antibody-result': ListedResult[]; 'enzyme-result': ListedResult[] }

/**
 * Inserts an import's planned rows (already judged by planLabImport in this
 * transaction) and writes one audit event per patient listing every result created
 * for them, each as stored with its file line (docs/decisions/0012): the trail keeps
 * every value, and a 100,000-row file costs one chained hash per patient instead of
 * one per row. Returns the patients touched, in first-seen order.
 */
export function writeImportedRows(tx: Tx, by: Actor, inserts: readonly PlannedRow[], importId: string): number[] {
  const st = statements();
  const now = new Date().toISOString();
  const byPatient = new Map<number, Created>();
  for (const r of inserts) {
    // The checked values are this row's own object (planLabImport): stamped in place, not copied.
    const values: Record<string, unknown> = r.kind === 'antibody' ? (r.checked ?? checkNewAntibodyResult(r.patient, r.assay, r.data)) : (r.checked ?? checkNewEnzymeResult(r.patient, r.data));
    values.patientId = r.patient.id;
    values.createdBy = by.userId;
    values.createdAt = now;
    values.updatedAt = now;
    let created = byPatient.get(r.patient.id);
    if (!created) byPatient.set(r.patient.id, (created = { 'antibody-result': [], 'enzyme-result': [] }));
    if (r.kind === 'antibody') created['antibody-result'].push({ line: r.line, row: st.antibody(values) });
    else created['enzyme-result'].push({ line: r.line, row: st.enzyme(values) });
  }
  const audit = auditRun(tx);
  for (const [patientId, created] of byPatient) {
    const results = Object.entries(created).filter(([, rows]) => rows.length).map(([entity, rows]) => tabulateResults(entity, rows));
    const n = created['antibody-result'].length + created['enzyme-result'].length;
    audit(by, {
      action: 'lab-import.results', entity: 'lab-import', entityId: importId, patientId, after: { results },
      reason: `CSV import ${importId}: ${n} result${n === 1 ? '' : 's'} created`,
    });
  }
  return [...byPatient.keys()];
}
