import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { listApiTokens } from '@/lib/dal/api-tokens';
import { ROLE_LABELS } from '@/lib/permissions';
import { Badge } from '@/app/ui/badge';
import { NewTokenForm, RevokeToken } from './token-forms';

export const metadata: Metadata = { title: 'API tokens' };

export default async function TokensPage() {
  const actor = await requirePagePermission('token:manage');
  const tokens = listApiTokens(actor);
  return (
    <>
      <h1>API tokens</h1>
      <p className="muted">For integrations calling <code>/api/v1</code> (see <a href="/api/v1/openapi.json">the OpenAPI description</a>). A token acts with the role it is given; its calls are audited under its name.</p>
      <section className="card"><h2>Create a token</h2><NewTokenForm /></section>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th>Name</th><th>Role</th><th>Token starts</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} className={t.revokedAt ? 'muted' : undefined}>
                <td>{t.name}</td><td>{ROLE_LABELS[t.role]}</td><td><code>{t.prefix}…</code></td>
                <td>{t.createdAt.slice(0, 10)}</td><td>{t.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}</td>
                <td>{t.revokedAt ? <Badge>Revoked {t.revokedAt.slice(0, 10)}</Badge> : <Badge tone="ok">Active</Badge>}</td>
                <td>{t.revokedAt ? null : <RevokeToken id={t.id} name={t.name} />}</td>
              </tr>
            ))}
            {tokens.length === 0 ? <tr><td colSpan={7} className="muted">No tokens yet.</td></tr> : null}
          </tbody>
        </table>
      </div>
    </>
  );
}
