import type { Metadata } from 'next';
import { countOpenInbox, listOpenInbox } from '@/lib/dal/hl7-inbox';
import { requirePagePermission } from '@/lib/dal/session';
import { can } from '@/lib/permissions';
import { Link } from '@/app/ui/link';
import { Dismiss, FileAgain } from './inbox-forms';

export const metadata: Metadata = { title: 'Lab inbox' };

/**
 * The lab feed's inbox (issue 19, item 4): results the laboratory sent that could not be
 * filed, with the patient as the lab named them and why. Register the patient or map the
 * code, then "File again"; or dismiss with a reason. Filing needs the right to import
 * results (nurses, physicians), and so does dismissing; administrators see the list.
 */
const DONE: Record<string, string> = {
  filed: 'Filed: the results are in the patient\'s record (the audit log has the details).',
  dismissed: 'Dismissed: the reason is kept in the audit log.',
};

export default async function LabInboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePagePermission('code-map:manage');
  const done = (await searchParams).done;
  const doneWords = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined;
  const items = listOpenInbox(actor);
  const total = countOpenInbox(actor) ?? items.length;
  const mayFile = can(actor, 'lab:import');
  return (
    <>
      <h1>Lab inbox</h1>
      <p className="muted">
        Results from the laboratory feed that could not be filed. The laboratory was told; nothing of them is in any record yet.
        Once the patient is registered or the test is in the code map, file the message again; otherwise dismiss it with a reason.
      </p>
      {doneWords ? <p className="hint" role="status" data-testid="inbox-done">{doneWords}</p> : null}
      {total > items.length ? <p className="hint">Showing the oldest {items.length} of {total} messages: file or dismiss these to see the others.</p> : null}
      {items.length === 0 ? <p data-testid="inbox-empty">Nothing waiting: every message received has been filed or dismissed.</p> : (
        <div className="table-wrap">
          <table className="table" data-testid="lab-inbox">
            <thead><tr><th>Received</th><th>From</th><th>Patient as sent</th><th>Why it was not filed</th><th /></tr></thead>
            <tbody>
              {items.map((m) => {
                const label = `message ${m.controlId} for ${m.patientAsSent || 'an unnamed patient'}`;
                return (
                  <tr key={m.id}>
                    <td>{m.receivedAt.slice(0, 16).replace('T', ' ')} UTC</td>
                    <td>{m.sender}<br /><span className="muted">message {m.controlId}</span></td>
                    <td>{m.patientAsSent || '—'}</td>
                    <td style={{ whiteSpace: 'pre-wrap' }}>{m.problem.split(' | ').join('\n')}</td>
                    <td className="stack">
                      {mayFile ? <Link className="btn small" href={`/lab-inbox/${m.id}`} aria-label={`Assign patient or codes: ${label}`}>Assign patient or codes…</Link> : null}
                      {mayFile ? <FileAgain id={m.id} label={label} /> : null}
                      {mayFile ? <Dismiss id={m.id} label={label} /> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
