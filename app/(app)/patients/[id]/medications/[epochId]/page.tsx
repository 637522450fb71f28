import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { requirePagePermission } from '@/lib/dal/session';
import { getPatient } from '@/lib/dal/patients';
import { getMedicationEpoch } from '@/lib/dal/medications';
import { listRowHistory } from '@/lib/dal/history';
import { today } from '@/lib/dal/clinical-guards';
import { can } from '@/lib/permissions';
import { pageData, routeId } from '@/lib/actions/page-data';
import { epochFormValues, reasonLabel, routeLabel } from '@/lib/validation/medications';
import { PatientHeader } from '@/app/ui/patient-header';
import { PatientTabs } from '../../patient-tabs';
import { HistoryTable } from '@/app/ui/history-table';
import { Badge } from '@/app/ui/badge';
import { fmtNum } from '@/app/ui/format';
import { MedicationForm } from '../../medication-form';
import { DoseChangeForm, StopForm } from '../../epoch-forms';
import { MarkInErrorForm } from '../../mark-in-error-form';
import { correctMedicationEpochAction, markMedicationEpochInErrorAction } from '../../medication-actions';

export const metadata: Metadata = { title: 'Medication epoch' };

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const DONE: Record<string, string> = {
  corrected: 'Correction saved; the earlier version is kept in the history below.',
  'entered-in-error': 'Marked entered in error: it no longer counts as current treatment or in signals, and stays in the history.',
};
const TASKS = { change: 'Change dose', stop: 'Stop', correct: 'Correct', error: 'Mark entered in error' } as const;
type Task = keyof typeof TASKS;

/**
 * One dose epoch: its values, earlier versions and, for a physician, one task at a
 * time (?do=change|stop|correct|error) so the forms never share field ids.
 */
export default async function EpochPage({ params, searchParams }: { params: Promise<{ id: string; epochId: string }>; searchParams: Promise<{ do?: string; done?: string }> }) {
  const actor = await requirePagePermission('patient:view');
  const p = await params;
  const sp = await searchParams;
  const patientId = routeId(p.id);
  const epochId = routeId(p.epochId);
  const patient = pageData(() => getPatient(actor, patientId));
  const e = pageData(() => getMedicationEpoch(actor, patientId, epochId));
  const history = listRowHistory(actor, 'medication-epoch', epochId, patientId);
  const editable = can(actor, 'medication:write') && !e.enteredInError;
  const ongoing = e.endOn === null;
  const tasks = (Object.keys(TASKS) as Task[]).filter((t) => editable && (ongoing || (t !== 'change' && t !== 'stop')));
  const task = tasks.find((t) => t === sp.do);
  const done = DONE[sp.done ?? ''];
  const t = today();
  const base = `/patients/${patientId}/medications/${epochId}`;
  const summary = { id: e.id, drug: e.drug, dose: e.dose, doseUnit: e.doseUnit, route: e.route, frequency: e.frequency, startOn: e.startOn };
  const current: Record<string, string> = {
    drug: e.drug, drugClass: e.drugClass, immunosuppressant: str(e.immunosuppressant), dose: str(e.dose), doseUnit: e.doseUnit, route: e.route, frequency: e.frequency,
    startOn: e.startOn, endOn: str(e.endOn), reason: e.reason, endReason: str(e.endReason), enteredInError: str(e.enteredInError), errorReason: str(e.errorReason),
  };
  return (
    <>
      <PatientHeader {...patient} />
      <PatientTabs patientId={patient.id} active="medications" under />
      <h2>{e.drug} {fmtNum(e.dose, 3)} {e.doseUnit} {e.enteredInError ? <Badge>Entered in error</Badge> : ongoing ? <Badge tone="ok">ongoing</Badge> : null}</h2>
      {done ? <p className="alert ok" role="status">{done}</p> : null}
      {e.enteredInError ? <p className="alert warn">Entered in error: {e.errorReason}</p> : null}
      <section className="card" aria-labelledby="epoch-h">
        <h3 id="epoch-h">As recorded (version {e.version})</h3>
        <dl className="inline-dl">
          <div><dt>Class</dt><dd>{e.drugClass}{e.immunosuppressant ? ', immunosuppressant' : ', not an immunosuppressant'}</dd></div>
          <div><dt>Route</dt><dd>{routeLabel(e.route)}</dd></div>
          <div><dt>Frequency</dt><dd>{e.frequency}</dd></div>
          <div><dt>From</dt><dd>{e.startOn} ({reasonLabel(e.reason).toLowerCase()})</dd></div>
          <div><dt>Last day taken</dt><dd>{e.endOn ? `${e.endOn} (${reasonLabel(e.endReason).toLowerCase()})` : 'ongoing'}</dd></div>
        </dl>
        {tasks.length ? (
          <nav className="row no-print" aria-label="What to do with this epoch">
            {tasks.map((k) => <Link key={k} className={`btn small ${k === task ? '' : 'secondary'}`} href={`${base}?do=${k}`} aria-current={k === task ? 'page' : undefined}>{TASKS[k]}</Link>)}
          </nav>
        ) : null}
      </section>
      {task ? (
        <section className="card" aria-labelledby="task-h">
          <h3 id="task-h">{TASKS[task]}</h3>
          {task === 'change' ? <DoseChangeForm patientId={patientId} epoch={summary} today={t} /> : null}
          {task === 'stop' ? <StopForm patientId={patientId} epoch={summary} today={t} /> : null}
          {task === 'correct' ? <MedicationForm action={correctMedicationEpochAction} patientId={patientId} epochId={epochId} today={t} initial={epochFormValues(e)} /> : null}
          {task === 'error' ? <MarkInErrorForm action={markMedicationEpochInErrorAction} ids={{ patientId, epochId }} /> : null}
        </section>
      ) : null}
      <section className="card" aria-labelledby="hist-h">
        <h3 id="hist-h">History</h3>
        <HistoryTable current={current} history={history} />
      </section>
    </>
  );
}
