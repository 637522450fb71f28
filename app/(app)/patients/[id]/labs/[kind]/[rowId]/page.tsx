import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatientRecord } from '@/lib/dal/patient-record';
import { listRowHistory } from '@/lib/dal/history';
import { listAssays } from '@/lib/dal/assays';
import { can } from '@/lib/permissions';
import { pageData, routeId } from '@/lib/actions/page-data';
import { PatientHeader } from '@/app/ui/patient-header';
import { PatientTabs } from '../../../patient-tabs';
import { HistoryTable } from '@/app/ui/history-table';
import { assayOption } from '@/app/ui/assay-option';
import { ENZYME } from '@/lib/domain/enzymes';
import { formNumber } from '@/lib/validation/field-rules';
import type { EnzymeAnalyte } from '@/lib/domain/types';
import { LabCorrectionForm, MarkInErrorForm } from './correction-forms';

export const metadata: Metadata = { title: 'Lab result' };

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** One lab result: its current values, earlier versions, and correction controls. */
export default async function LabRowPage({ params }: { params: Promise<{ id: string; kind: string; rowId: string }> }) {
  const actor = await requirePagePermission('patient:view');
  const p = await params;
  if (p.kind !== 'antibody' && p.kind !== 'enzyme') notFound();
  const kind = p.kind;
  const patientId = routeId(p.id);
  const rowId = routeId(p.rowId);
  const record = pageData(() => getPatientRecord(actor, patientId));
  const row = kind === 'antibody' ? record.antibodyResults.find((r) => r.id === rowId) : record.enzymeResults.find((r) => r.id === rowId);
  if (!row) notFound();
  const entity = kind === 'antibody' ? 'antibody-result' : 'enzyme-result';
  const history = listRowHistory(actor, entity, rowId, patientId);
  const initial: Record<string, string> =
    'assayId' in row
      ? { assayId: str(row.assayId), collectedOn: row.collectedOn, value: formNumber(row.value), comparator: str(row.comparator), qualitative: str(row.qualitative), cutoff: formNumber(row.cutoff), accession: str(row.accession) }
      : { analyte: row.analyte, collectedOn: row.collectedOn, value: formNumber(row.value), unit: row.unit, lowerLimit: formNumber(row.lowerLimitUL === null ? null : row.unit === 'U/L' ? row.lowerLimitUL : row.lowerLimitUL / 60), upperLimit: formNumber(row.unit === 'U/L' ? row.upperLimitUL : row.upperLimitUL / 60), accession: str(row.accession) };
  const display: Record<string, string> =
    'assayId' in row
      ? { collectedOn: row.collectedOn, comparator: str(row.comparator), value: str(row.value), qualitative: str(row.qualitative), cutoff: str(row.cutoff), assayId: str(row.assayId), accession: str(row.accession), enteredInError: str(row.enteredInError) }
      : { collectedOn: row.collectedOn, value: str(row.value), unit: row.unit, valueUL: str(row.valueUL), lowerLimitUL: str(row.lowerLimitUL), upperLimitUL: str(row.upperLimitUL), accession: str(row.accession), enteredInError: str(row.enteredInError) };
  const editable = can(actor, 'lab:write') && !row.enteredInError;
  // Inactive assays too: the row may be on one; they are marked in the list.
  const catalog = kind === 'antibody' ? listAssays(actor) : [];
  const assays = catalog.map(assayOption);
  const assayNames = Object.fromEntries(catalog.map((a) => [a.id, a.name]));
  return (
    <>
      <PatientHeader {...record.patient} />
      <PatientTabs patientId={record.patient.id} active="results" under />
      <h2>{kind === 'antibody' ? 'Anti-Mi2 result' : `${ENZYME[row.analyte as EnzymeAnalyte].shortLabel} result`} collected on {row.collectedOn} {row.enteredInError ? '(entered in error)' : ''}</h2>
      <section className="card" aria-labelledby="hist-h">
        <h3 id="hist-h">History</h3>
        <HistoryTable current={display} history={history} context={{ assayNames }} />
      </section>
      {editable ? (
        <>
          <section className="card" aria-labelledby="corr-h"><h3 id="corr-h">Correct this result</h3><LabCorrectionForm kind={kind} patientId={patientId} rowId={rowId} initial={initial} assays={assays} /></section>
          <section className="card" aria-labelledby="err-h"><h3 id="err-h">Remove</h3><MarkInErrorForm kind={kind} patientId={patientId} rowId={rowId} /></section>
        </>
      ) : null}
    </>
  );
}
