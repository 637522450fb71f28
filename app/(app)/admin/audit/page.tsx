import type { Metadata } from 'next';
import { Pager } from '@/app/ui/pager';
import { requirePagePermission } from '@/lib/dal/session';
import { AUDIT_PAGE_SIZE, auditFilterSchema, listAuditEvents } from '@/lib/dal/audit-log';
import { AUDIT_ORIGINS, originLabel } from '@/lib/domain/audit-origins';
import { refusalText } from './refusal-text';

export const metadata: Metadata = { title: 'Audit log' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  const actor = await requirePagePermission('audit:view');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditFilterSchema.safeParse(raw);
  const { events, total, filter, waiting } = listAuditEvents(actor, parsed.success ? parsed.data : {});
  const query = (page: number) => new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])), page: String(page) }).toString();
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  return (
    <>
      <h1>Audit log</h1>
      {!parsed.success ? <p className="alert warn">Some filters were not valid and were ignored: {parsed.error.issues.map((i) => i.message).join(' ')}</p> : null}
      <form className="card row" method="get" aria-label="Filter the audit log">
        <div className="field"><label htmlFor="a-action">Action starts with</label><input id="a-action" name="action" defaultValue={filter.action} placeholder="signin" /></div>
        <div className="field"><label htmlFor="a-user">User email contains</label><input id="a-user" name="user" defaultValue={filter.user} /></div>
        <div className="field"><label htmlFor="a-patient">Patient id</label><input id="a-patient" name="patientId" inputMode="numeric" defaultValue={filter.patientId} /></div>
        <div className="field">
          <label htmlFor="a-origin">Came from</label>
          <select id="a-origin" name="origin" defaultValue={filter.origin ?? ''}>
            <option value="">Anywhere</option>
            {AUDIT_ORIGINS.map((o) => <option key={o} value={o}>{originLabel(o)}</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor="a-from">From</label><input id="a-from" name="from" type="date" defaultValue={filter.from} /></div>
        <div className="field"><label htmlFor="a-to">To</label><input id="a-to" name="to" type="date" defaultValue={filter.to} /></div>
        {/* Refused attempts: a role asking for what it may not do (lib/dal/refusals.ts). */}
        <div className="field"><label htmlFor="a-refused"><input id="a-refused" name="refused" type="checkbox" value="1" defaultChecked={filter.refused === '1'} /> Refused attempts only</label></div>
        <button className="btn" type="submit">Filter</button>
        <a className="btn secondary" href={`/admin/audit/export?${query(1)}`} download>Export CSV</a>
      </form>
      <p className="muted">{total} events{filter.refused ? ' (refused attempts only)' : ''} · <a href="?refused=1">Refused attempts</a></p>
      {waiting > 0 ? (
        <p className="alert warn" data-testid="audit-waiting">
          {waiting} record {waiting === 1 ? 'view or export from the last few seconds is' : 'views or exports from the last few seconds are'} recorded but not yet in this list: the database is busy with a large import. Reload in a few seconds to see {waiting === 1 ? 'it' : 'them'}.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th>When (UTC)</th><th>Who</th><th>Came from</th><th>Action</th><th>Entity</th><th>Patient</th><th>Detail</th></tr></thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td className="num">{e.at.replace('T', ' ').slice(0, 19)}</td>
                <td>{e.userEmail ?? '—'} {e.role ? <span className="muted">({e.role})</span> : null}</td>
                <td>{originLabel(e.origin)}</td>
                <td>{e.action}</td>
                <td>{e.entity}{e.entityId ? ` #${e.entityId}` : ''}</td>
                <td>{e.patientId ?? ''}</td>
                <td>
                  {e.action === 'security.refused' ? <div>{refusalText(e.afterJson)}</div> : null}
                  <code>{(e.afterJson ?? e.beforeJson ?? '').slice(0, 160)}</code>{e.reason ? <div>Reason: {e.reason}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={filter.page} pages={pages} href={(n) => `?${query(n)}`} />
    </>
  );
}
