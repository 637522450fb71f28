import { Link } from '@/app/ui/link';
import { FormToggle } from '@/app/ui/form-toggle';
import type { Assay } from '@/db/schema';
import type { PatientResults } from '@/lib/dal/patient-page';
import { ANTIBODY_CLASS_LABELS, formatAntibodyValue, levelText } from '@/lib/domain/antibody';
import type { AntibodyClass } from '@/lib/domain/types';
import { ANALYTE_LABELS, unitLabel } from '@/lib/domain/vocabulary';
import { Badge, type Tone } from '@/app/ui/badge';
import { fmtNum } from '@/app/ui/format';
import { assayOption } from '@/app/ui/assay-option';
import { AntibodyForm } from './antibody-form';
import { MoreRows, type TableView } from './table-view';

export const CLASS_TONE: Record<string, Tone> = { negative: 'ok', borderline: 'warn', positive: 'danger', strong: 'danger' };

/**
 * Beside the class of a result whose lab category disagrees with its number at the
 * cut-off (lib/domain/antibody.ts labCategoryDiffers): the class shown is the
 * number's, the lab's word is kept and said here.
 */
export function LabCategoryMarker({ reported }: { reported: AntibodyClass | null }) {
  const lab = reported ? ANTIBODY_CLASS_LABELS[reported] : '';
  return (
    <span className="small" data-testid="lab-category-differs">
      {' '}<Badge tone="warn">Lab category differs from cut-off</Badge> lab: {lab}
    </span>
  );
}

/** Anti-Mi2 results, newest first (the most recent unless expanded), each with its class and x cut-off. */
export function AntibodySection({ page, assays, canWrite, view }: { page: PatientResults; assays: Assay[]; canWrite: boolean; view: TableView }) {
  const { rows, total } = page.antibody;
  const pid = page.patient.id;
  return (
    <>
      {canWrite ? (
        <FormToggle summary="Add anti-Mi2 result" startOpen={rows.length === 0}>
          <AntibodyForm patientId={pid} today={page.today} assays={assays.filter((a) => a.analyte).map(assayOption)} defaultAssayId={page.defaultAssayId} />
        </FormToggle>
      ) : null}
      <div className="table-wrap">
        <table className="table stack-table" data-testid="antibody-table">
          <thead>
            <tr><th>Collected</th><th>Analyte</th><th className="num">Result</th><th>Class</th><th className="num">× cut-off</th><th className="num">Cut-off</th><th>Assay</th><th>Accession</th><th><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.enteredInError ? 'muted' : undefined}>
                <td data-label="Collected" className="num">{r.collectedOn}</td>
                <td data-label="Analyte">{ANALYTE_LABELS[r.analyte]}</td>
                <td data-label="Result" className="num">{formatAntibodyValue(r)}</td>
                <td data-label="Class">
                  {r.enteredInError ? <Badge>Entered in error</Badge> : r.cls ? <Badge tone={CLASS_TONE[r.cls]}>{ANTIBODY_CLASS_LABELS[r.cls]}</Badge> : <Badge>Unclassified</Badge>}
                  {r.labCategoryDiffers && !r.enteredInError ? <LabCategoryMarker reported={r.qualitative} /> : null}
                </td>
                <td data-label="× cut-off" className="num">{r.xCutoff === null ? '—' : levelText(r.xCutoff, r.comparator)}</td>
                <td data-label="Cut-off" className="num">{r.cutoff === null ? '—' : `${fmtNum(r.cutoff)} ${unitLabel(r.unit)}`}</td>
                <td data-label="Assay">{r.assayLabel}</td>
                <td data-label="Accession">{r.accession || '—'}</td>
                <td><Link href={`/patients/${pid}/labs/antibody/${r.id}`}>{canWrite && !r.enteredInError ? 'Correct / history' : 'History'}</Link></td>
              </tr>
            ))}
            {rows.length === 0 ? <tr><td colSpan={9} className="muted">No anti-Mi2 results yet.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <MoreRows view={view} table="antibody" shown={rows.length} total={total} noun="results" />
    </>
  );
}
