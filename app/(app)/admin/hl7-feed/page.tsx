import type { Metadata } from 'next';
import { getFeedStatus } from '@/lib/dal/hl7-feed-status';
import { requirePagePermission } from '@/lib/dal/session';
import { Badge } from '@/app/ui/badge';
import { getFeedAllowList } from '@/lib/dal/hl7-allow-list';
import { allowListFromEnv, sendersText } from '@/lib/interop/hl7/allow-list';
import { getRetentionDays } from '@/lib/dal/hl7-inbox-retention';
import { AllowListForm } from './allow-list-form';
import { RetentionForm } from './retention-form';

export const metadata: Metadata = { title: 'Lab feed' };

/**
 * The HL7 v2 lab feed at a glance (issue 19, item 5): is the listener answering, when
 * did the last message arrive, what happened in the last 24 hours, and why the latest
 * messages were refused (the lab's interface team resends them once the cause is fixed).
 */
export default async function FeedStatusPage() {
  const actor = await requirePagePermission('settings:manage');
  const s = await getFeedStatus(actor);
  const lists = getFeedAllowList(actor, allowListFromEnv(process.env));
  const listenerWords = { up: 'answering', down: 'not answering', 'not configured': 'not configured for this server' }[s.listener];
  return (
    <>
      <h1>Lab feed (HL7 v2)</h1>
      <dl className="grid" data-testid="feed-status">
        <div><dt>Listener</dt><dd><Badge tone={s.listener === 'up' ? 'ok' : 'warn'}>{listenerWords}</Badge></dd></div>
        <div><dt>Last message filed</dt><dd>{s.lastFiledAt ? new Date(s.lastFiledAt).toLocaleString() : 'none yet'}</dd></div>
        <div><dt>Waiting in the lab inbox</dt><dd data-testid="inbox-size">{s.inboxOpen === 0 ? 'nothing' : `${s.inboxOpen} message${s.inboxOpen === 1 ? '' : 's'}`} (nurses and physicians file or dismiss them under Lab inbox)</dd></div>
        <div><dt>Last 24 hours</dt><dd>{s.last24h.filed} filed, {s.last24h.AE} refused for their content, {s.last24h.AR} refused as messages</dd></div>
      </dl>
      <h2>Who may send</h2>
      <p className="muted" data-testid="allow-list-source">
        {lists.source === 'settings'
          ? `Set here${lists.updatedBy ? ` by ${lists.updatedBy}` : ''}${lists.updatedAt ? ` on ${new Date(lists.updatedAt).toLocaleString()}` : ''}; the server's environment no longer applies.`
          : 'From the server\'s environment until saved here; once saved, these lists apply (at the next connection or message, without a restart).'}
        {' '}Anything else is refused and recorded in the audit log.
      </p>
      <AllowListForm senders={sendersText(lists.senders)} addresses={lists.addresses.join('\n')} />
      <h2>Lab inbox retention</h2>
      <RetentionForm days={getRetentionDays(actor)} />
      <h2>Latest refusals</h2>
      {s.recentRefusals.length === 0 ? <p>No message was refused in the last 24 hours.</p> : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>When</th><th>Answer</th><th>Sender</th><th>Message</th><th>Why</th></tr></thead>
            <tbody>
              {s.recentRefusals.map((r, i) => (
                <tr key={i}><td>{new Date(r.at).toLocaleString()}</td><td>{r.ack}</td><td>{r.sender}</td><td>{r.controlId}</td><td>{r.reason}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
