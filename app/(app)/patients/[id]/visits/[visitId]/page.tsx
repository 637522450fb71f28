import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatient } from '@/lib/dal/patients';
import { getVisit } from '@/lib/dal/visits';
import { listRowHistory } from '@/lib/dal/history';
import { today } from '@/lib/dal/clinical-guards';
import { kendallToMrc, mmtTests } from '@/lib/domain/mmt';
import { can } from '@/lib/permissions';
import { pageData, routeId } from '@/lib/actions/page-data';
import { FINDING_LABELS, findingField, gradeField, MMT_VERSION_LABELS, mmtSummary } from '@/lib/validation/visits';
import { PatientHeader } from '@/app/ui/patient-header';
import { PatientTabs } from '../../patient-tabs';
import { HistoryTable } from '@/app/ui/history-table';
import { Badge } from '@/app/ui/badge';
import { fmtNum } from '@/app/ui/format';
import { formNumber } from '@/lib/validation/field-rules';
import { VisitForm } from '../../visit-form';
import { MarkInErrorForm } from '../../mark-in-error-form';
import { correctVisitAction, markVisitInErrorAction } from '../../visit-actions';

export const metadata: Metadata = { title: 'Visit' };

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const DONE: Record<string, string> = {
  corrected: 'Correction saved; the earlier version is kept in the history below.',
  'entered-in-error': 'Marked entered in error: it no longer counts in totals or signals and stays in the history.',
};

/** One visit: its grades and measures, earlier versions, and correction controls. */
export default async function VisitPage({ params, searchParams }: { params: Promise<{ id: string; visitId: string }>; searchParams: Promise<{ done?: string }> }) {
  const actor = await requirePagePermission('patient:view');
  const p = await params;
  const patientId = routeId(p.id);
  const visitId = routeId(p.visitId);
  const patient = pageData(() => getPatient(actor, patientId));
  const visit = pageData(() => getVisit(actor, patientId, visitId));
  const history = listRowHistory(actor, 'visit', visitId, patientId);
  const done = DONE[(await searchParams).done ?? ''];
  const editable = can(actor, 'visit:write') && !visit.enteredInError;
  const tests = visit.mmtVersion ? mmtTests(visit.mmtVersion) : [];
  // Same keys as the stored row, so the history table lines earlier versions up with this one.
  const current: Record<string, string> = {
    visitOn: visit.visitOn, clinicianName: visit.clinicianName, mmtVersion: str(visit.mmtVersion), mmtGradesJson: JSON.stringify(visit.mmtGrades),
    mmtTotal: str(visit.mmt?.total), physicianGlobal: str(visit.physicianGlobal), patientGlobal: str(visit.patientGlobal), haq: str(visit.haq),
    extramuscular: str(visit.extramuscular), findingsJson: JSON.stringify(visit.findings), notes: visit.notes, enteredInError: str(visit.enteredInError), errorReason: str(visit.errorReason),
  };
  const initial: Record<string, string> = {
    visitOn: visit.visitOn, clinicianName: visit.clinicianName, mmtVersion: visit.mmtVersion ?? 'unilateral', notes: visit.notes,
    physicianGlobal: formNumber(visit.physicianGlobal), patientGlobal: formNumber(visit.patientGlobal), haq: formNumber(visit.haq), extramuscular: formNumber(visit.extramuscular),
    ...Object.fromEntries(Object.entries(visit.mmtGrades).map(([k, g]) => [gradeField(k), String(g)])),
    ...Object.fromEntries(visit.findings.map((f) => [findingField(f), 'on'])),
  };
  return (
    <>
      <PatientHeader {...patient} />
      <PatientTabs patientId={patient.id} active="visits" under />
      <h2>Visit of {visit.visitOn} {visit.enteredInError ? <Badge>Entered in error</Badge> : null}</h2>
      {done ? <p className="alert ok" role="status">{done}</p> : null}
      {visit.enteredInError ? <p className="alert warn">Entered in error: {visit.errorReason}</p> : null}
      <section className="card" aria-labelledby="visit-h">
        <h3 id="visit-h">As recorded (version {visit.version})</h3>
        <dl className="inline-dl">
          <div><dt>Clinician</dt><dd>{visit.clinicianName}</dd></div>
          <div><dt>MMT-8</dt><dd>{mmtSummary(visit.mmt)}{visit.mmtVersion ? ` (${MMT_VERSION_LABELS[visit.mmtVersion]})` : ''}</dd></div>
          <div><dt>Physician global</dt><dd>{visit.physicianGlobal === null ? '—' : `${fmtNum(visit.physicianGlobal)} / 10`}</dd></div>
          <div><dt>Patient global</dt><dd>{visit.patientGlobal === null ? '—' : `${fmtNum(visit.patientGlobal)} / 10`}</dd></div>
          <div><dt>HAQ-DI</dt><dd>{visit.haq === null ? '—' : `${fmtNum(visit.haq)} / 3`}</dd></div>
          <div><dt>Extramuscular</dt><dd>{visit.extramuscular === null ? '—' : `${fmtNum(visit.extramuscular)} / 10`}</dd></div>
          <div><dt>Findings</dt><dd>{visit.findings.map((f) => FINDING_LABELS[f]).join(', ') || 'none'}</dd></div>
        </dl>
        {visit.notes ? <p>{visit.notes}</p> : null}
        {tests.length ? (
          <div className="table-wrap">
            <table className="table" data-testid="mmt-grades">
              <thead><tr><th>Muscle group</th><th className="num">Kendall (0-10)</th><th className="num">MRC (0-5)</th></tr></thead>
              <tbody>
                {tests.map((t) => {
                  const g = visit.mmtGrades[t.key];
                  return <tr key={t.key}><td>{t.label}</td><td className="num">{g ?? <span className="muted">not tested</span>}</td><td className="num">{g === undefined ? '' : kendallToMrc(g)}</td></tr>;
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section className="card" aria-labelledby="hist-h">
        <h3 id="hist-h">History</h3>
        <HistoryTable current={current} history={history} />
      </section>
      {editable ? (
        <>
          <section className="card" aria-labelledby="corr-h"><h3 id="corr-h">Correct this visit</h3>
            <VisitForm action={correctVisitAction} patientId={patientId} visitId={visitId} today={today()} initial={initial} />
          </section>
          <section className="card" aria-labelledby="err-h"><h3 id="err-h">Remove</h3>
            <MarkInErrorForm action={markVisitInErrorAction} ids={{ patientId, visitId }} />
          </section>
        </>
      ) : null}
    </>
  );
}
