import { Link } from '@/app/ui/link';
import { FormToggle } from '@/app/ui/form-toggle';
import type { PatientResults } from '@/lib/dal/patient-page';
import { ENZYME } from '@/lib/domain/enzymes';
import { unitLabel } from '@/lib/domain/vocabulary';
import { RANGE_SOURCE_NOTES } from '@/lib/domain/reference-range';
import { Badge } from '@/app/ui/badge';
import { fmtNum } from '@/app/ui/format';
import { multipleText, storedDecimals } from '@/lib/domain/numbers';
import { EnzymeForm } from './enzyme-form';
import { MoreRows, type TableView } from './table-view';

/** CK and other muscle enzymes, newest first (the most recent unless expanded): as reported, in U/L, x ULN and high/normal. */
export function EnzymeSection({ page, canWrite, view }: { page: PatientResults; canWrite: boolean; view: TableView }) {
  const { rows, total } = page.enzyme;
  const pid = page.patient.id;
  return (
    <>
      {canWrite ? (
        <FormToggle summary="Add CK or enzyme result" startOpen={rows.length === 0}>
          <EnzymeForm patientId={pid} today={page.today} rangeDefaults={page.rangeDefaults} />
        </FormToggle>
      ) : null}
      <div className="table-wrap">
        <table className="table stack-table" data-testid="enzyme-table">
          <thead>
            <tr><th>Collected</th><th>Test</th><th className="num">As reported</th><th className="num">U/L</th><th className="num">Reference (U/L)</th><th className="num">× ULN</th><th>Flag</th><th>Accession</th><th><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className={r.enteredInError ? 'muted' : undefined}>
                <td data-label="Collected" className="num">{r.collectedOn}</td>
                <td data-label="Test">{ENZYME[r.analyte].shortLabel}</td>
                <td data-label="As reported" className="num">{fmtNum(r.value, storedDecimals(r.value))} {unitLabel(r.unit)}</td>
                <td data-label="U/L" className="num">{fmtNum(r.valueUL, storedDecimals(r.valueUL))}</td>
                <td data-label="Reference (U/L)" className="num">
                  {r.lowerLimitUL === null ? '≤' : `${fmtNum(r.lowerLimitUL, storedDecimals(r.lowerLimitUL))}–`}{fmtNum(r.upperLimitUL, storedDecimals(r.upperLimitUL))}
                  {r.rangeSource && RANGE_SOURCE_NOTES[r.rangeSource] ? <span className="muted small" data-testid="range-source"> ({RANGE_SOURCE_NOTES[r.rangeSource]})</span> : null}
                </td>
                <td data-label="× ULN" className="num">{r.xUln === null ? '—' : multipleText(r.xUln)}</td>
                <td data-label="Flag">{r.enteredInError ? <Badge>Entered in error</Badge> : r.flag === 'high' ? <Badge tone="danger">High ▲</Badge> : r.flag === 'low' ? <Badge tone="warn">Low ▼</Badge> : <Badge tone="ok">Normal</Badge>}</td>
                <td data-label="Accession">{r.accession || '—'}</td>
                <td><Link href={`/patients/${pid}/labs/enzyme/${r.id}`}>{canWrite && !r.enteredInError ? 'Correct / history' : 'History'}</Link></td>
              </tr>
            ))}
            {rows.length === 0 ? <tr><td colSpan={9} className="muted">No enzyme results yet.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <MoreRows view={view} table="enzyme" shown={rows.length} total={total} noun="results" />
    </>
  );
}
