import { Link } from '@/app/ui/link';
import { tisMissingText } from '@/lib/domain/vocabulary';
import type { PatientVisits } from '@/lib/dal/patient-page';
import type { VisitDetail } from '@/lib/dal/visits';
import { FINDING_LABELS, mmtSummary } from '@/lib/validation/visits';
import { Badge } from '@/app/ui/badge';
import { fmtNum } from '@/app/ui/format';
import { enzymeRangeChangeText, type TisResult } from '@/lib/domain/tis';
import { MoreRows, viewHref, type TableView } from './table-view';

const TIS_TONE = { none: 'neutral', minimal: 'info', moderate: 'ok', major: 'ok' } as const;

/** The enzyme's reference range changed between baseline and this visit: said in words under the score. */
function RangeChanged({ tis }: { tis: TisResult }) {
  // `?? null`: a response stored before this flag existed has no such field until it is rebuilt.
  const change = tis.enzymeRangeChange ?? null;
  return change ? <div className="small" data-testid="tis-range-changed"><Badge tone="warn">range changed</Badge> {enzymeRangeChangeText(change)}</div> : null;
}

/** TIS (provisional): a score with its category, or why it is incomplete. */
function TisCell({ tis, isBaseline, href }: { tis: TisResult | null | undefined; isBaseline: boolean; href: string }) {
  if (isBaseline) return <td><Badge tone="info">Baseline</Badge></td>;
  if (!tis) return <td className="muted"><Link href={href}>use as baseline</Link></td>;
  if (tis.score === null) return <td title={tis.notes.join(' ')}><Badge>Incomplete</Badge> <span className="muted">{tisMissingText(tis.missing)}</span><RangeChanged tis={tis} /></td>;
  return <td className="num"><strong>{fmtNum(tis.score, 1)}</strong> {tis.category ? <Badge tone={TIS_TONE[tis.category]}>{tis.category}</Badge> : null}<RangeChanged tis={tis} /></td>;
}

/** A core-set score with its scale, right-aligned; empty when not measured. */
function Score({ value, of }: { value: number | null; of: number }) {
  return <td className="num">{value === null ? <span className="muted">—</span> : `${fmtNum(value, 2)} / ${of}`}</td>;
}

/** MMT-8: a total only for a complete exam; a partial exam says so (docs/clinical/strength.md). */
function MmtCell({ v }: { v: VisitDetail }) {
  if (!v.mmt || v.mmt.tested === 0) return <td className="num muted">not tested</td>;
  if (v.mmt.total !== null) return <td className="num"><strong>{v.mmt.total}</strong> / {v.mmt.max}</td>;
  return <td className="num"><Badge tone="warn" title="A total needs every group of its version">{mmtSummary(v.mmt)}</Badge></td>;
}

/**
 * Clinic visits, newest first (the most recent unless expanded; TIS is still scored
 * against the chosen baseline, shown or not: stored for the default baseline, scored
 * on view for another; lib/dal/patient-page.ts). Entered-in-error rows stay, struck through.
 */
export function VisitsSection({ page, canWrite, view }: { page: PatientVisits; canWrite: boolean; view: TableView }) {
  const pid = page.patient.id;
  const { rows, total, baselineVisitId: baselineId, responses } = page.visits;
  const tisOf = new Map(responses.map((r) => [r.visitId, r.tis]));
  return (
    <>
      {canWrite ? <p className="no-print"><Link className="btn small" href={`/patients/${pid}/visits/new`}>Log visit</Link></p> : null}
      <div className="table-wrap">
        <table className="table" data-testid="visits-table">
          <thead>
            <tr>
              <th>Date</th><th>Clinician</th><th className="num">MMT-8</th><th className="num">Physician global</th><th className="num">Patient global</th>
              <th className="num">HAQ-DI</th><th className="num">Extramuscular</th><th>Findings</th><th title="2016 ACR/EULAR Total Improvement Score against the baseline visit; provisional until the formulas are verified">Response (TIS, provisional)</th><th><span className="visually-hidden">Details</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.id} className={v.enteredInError ? 'muted' : undefined}>
                <td className="num">{v.visitOn}</td>
                <td>{v.clinicianName}</td>
                <MmtCell v={v} />
                <Score value={v.physicianGlobal} of={10} />
                <Score value={v.patientGlobal} of={10} />
                <Score value={v.haq} of={3} />
                <Score value={v.extramuscular} of={10} />
                <td>{v.findings.length ? v.findings.map((f) => FINDING_LABELS[f] ?? f).join(', ') : <span className="muted">none</span>}</td>
                {v.enteredInError ? <td /> : <TisCell tis={tisOf.get(v.id)} isBaseline={v.id === baselineId} href={viewHref(view, 'visits', view.expanded.has('visits'), v.id)} />}
                <td className="error-reason">
                  {v.enteredInError ? <><Badge>Entered in error</Badge> {v.errorReason} </> : null}
                  <Link href={`/patients/${pid}/visits/${v.id}`}>{canWrite && !v.enteredInError ? 'Correct / history' : 'Details'}</Link>
                </td>
              </tr>
            ))}
            {rows.length === 0 ? <tr><td colSpan={10} className="muted">No visits yet.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <MoreRows view={view} table="visits" shown={rows.length} total={total} noun="visits" />
    </>
  );
}
