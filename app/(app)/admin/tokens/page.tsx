import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { listApiTokens, listTokenOwnerCandidates, type ApiTokenDto } from '@/lib/dal/api-tokens';
import { clinicToday } from '@/lib/clinic-time';
import { addDays } from '@/lib/domain/dates';
import { ROLE_LABELS } from '@/lib/permissions';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TOKEN_WARN_DAYS } from '@/lib/validation/api-tokens';
import { Badge } from '@/app/ui/badge';
import { NewTokenForm, RevokeToken, TransferToken } from './token-forms';

export const metadata: Metadata = { title: 'API tokens' };

const day = (iso: string | null) => iso?.slice(0, 10) ?? '';

/** What a token's status means, in words (the colour only repeats it). */
function StatusBadge({ t }: { t: ApiTokenDto }) {
  switch (t.status) {
    case 'active': return <Badge tone="ok">Active</Badge>;
    case 'expiring': return <Badge tone="warn">{t.daysLeft === 0 ? 'Expires today' : `Expires in ${t.daysLeft} day${t.daysLeft === 1 ? '' : 's'}`}</Badge>;
    case 'expired': return <Badge>Expired</Badge>;
    case 'revoked': return <Badge>Revoked {day(t.revokedAt)}</Badge>;
    case 'disabled': return <Badge tone="danger" title="Its owner was deactivated">Disabled {day(t.revokedAt)}: owner deactivated</Badge>;
    case 'no-owner': return <Badge tone="warn">No owner: transfer it to use it</Badge>;
  }
}

const manageable = (t: ApiTokenDto) => t.status === 'active' || t.status === 'expiring' || t.status === 'no-owner';

export default async function TokensPage() {
  const actor = await requirePagePermission('token:manage');
  const tokens = listApiTokens(actor);
  const owners = listTokenOwnerCandidates(actor);
  const today = clinicToday();
  const expiring = tokens.filter((t) => t.status === 'expiring');
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">For integrations calling <code>/api/v1</code> (see <a href="/api/v1/openapi.json">the OpenAPI description</a>). A token acts with the role it is given; its calls are audited under its name. Each token has an accountable administrator and a last valid day.</p>
      {expiring.length > 0 ? (
        <p className="alert warn" role="status">
          {expiring.length === 1 ? '1 token expires' : `${expiring.length} tokens expire`} within {TOKEN_WARN_DAYS} days: {expiring.map((t) => `${t.name} (${t.expiresOn})`).join(', ')}. Create a replacement and give it to the integration before then.
        </p>
      ) : null}
      <section className="card"><h2>Create a token</h2>
        <NewTokenForm defaultExpiry={addDays(today, TOKEN_DEFAULT_DAYS)} earliestExpiry={addDays(today, 1)} latestExpiry={addDays(today, TOKEN_MAX_DAYS)} />
      </section>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">API tokens with their owner, expiry and last use</caption>
          <thead><tr><th>Name</th><th>Role</th><th>Owner</th><th>Token starts</th><th>Created</th><th>Works until</th><th>Last used</th><th>Status</th><th>Manage</th></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className={manageable(t) && t.status !== 'no-owner' ? undefined : 'muted'} data-testid={`token-${t.id}`}>
                <td>{t.name}</td><td>{ROLE_LABELS[t.role]}</td>
                <td>{t.ownerName ? <>{t.ownerName}<br /><span className="hint">{t.ownerEmail}</span></> : <span className="muted">none</span>}</td>
                <td><code>{t.prefix}…</code></td>
                <td>{day(t.createdAt)}</td><td>{t.expiresOn ?? '—'}</td>
                <td>{t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}</td>
                <td><StatusBadge t={t} /></td>
                <td>{manageable(t) ? <div className="row"><TransferToken id={t.id} name={t.name} ownerId={t.ownerId} owners={owners} /><RevokeToken id={t.id} name={t.name} /></div> : null}</td>
              </tr>
            ))}
            {tokens.length === 0 ? <tr><td colSpan={9} className="muted">No tokens yet.</td></tr> : null}
          </tbody>
        </table>
      </div>
    </>
  );
}
