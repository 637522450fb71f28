import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { requirePagePermission } from '@/lib/dal/session';
import type { LockDetails } from '@/lib/dal/signin-locks';
import { clinicTimeZone } from '@/lib/clinic-time';
import { listUsers } from '@/lib/dal/users';
import { countLiveTokensByOwner } from '@/lib/dal/api-token-owners';
import { ROLE_LABELS } from '@/lib/permissions';
import { Badge } from '@/app/ui/badge';
import { NewUserForm } from './new-user-form';
import { ResetTwoFactorForm } from './reset-two-factor-form';
import { UnlockForm } from './unlock-form';
import { UserActions } from './user-actions';

export const metadata: Metadata = { title: 'Users' };

/**
 * "Locked until 14:32 after 5 failed sign-ins from 203.0.113.9 (3 times), 198.51.100.2 (2 times)",
 * or, after repeated wrong codes, "Locked until an administrator unlocks it …".
 */
function lockText(lock: LockDetails): string {
  const from = lock.from.map((s) => (s.attempts > 1 ? `${s.address} (${s.attempts} times)` : s.address)).join(', ');
  const sources = from ? ` The last lock's failed sign-ins came from ${from}.` : '';
  if (lock.until === null) return `Locked until an administrator unlocks it: the password was right but wrong two-factor codes locked the account repeatedly within a day.${sources} Check with the person before unlocking.`;
  const until = new Date(lock.until).toLocaleString('en-GB', { timeZone: clinicTimeZone(), dateStyle: 'medium', timeStyle: 'short' });
  const attempts = lock.attempts ? ` after ${lock.attempts} failed sign-ins` : '';
  return `Locked until ${until}${attempts}${from ? ` from ${from}` : ''}.`;
}

export default async function UsersPage() {
  const actor = await requirePagePermission('user:manage');
  const users = listUsers(actor);
  const tokenCounts = countLiveTokensByOwner(actor);
  // Who could take over a deactivated administrator's API tokens.
  const admins = users.filter((u) => u.active && u.role === 'admin').map((u) => ({ id: u.id, name: u.name }));
  return (
    <>
      <h1>Users</h1>
      <p className="muted">Who the hospital&apos;s sign-in service lets in, and as what: <Link href="/admin/sign-in-rules">Single sign-on rules</Link>.</p>
      <section className="card" aria-labelledby="new-user">
        <h2 id="new-user">Create a user</h2>
        <NewUserForm />
      </section>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">All user accounts</caption>
          <thead>
            <tr><th>Name</th><th>Email</th><th>Role</th><th>Status</th><th>Manage</th></tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>
                  {u.active ? <Badge tone="ok">Active</Badge> : <Badge tone="neutral">Deactivated</Badge>}{' '}
                  {u.locked ? <Badge tone="warn">Locked</Badge> : null}
                  {u.twoFactor ? <><Badge tone="ok">Two-factor</Badge><ResetTwoFactorForm id={u.id} name={u.name} /></> : null}
                  {u.lock ? (
                    <div className="stack" data-testid={`lock-${u.email}`}>
                      <span className="hint">{lockText(u.lock)}</span>
                      <UnlockForm id={u.id} name={u.name} />
                    </div>
                  ) : null}
                </td>
                <td>{u.id === actor.userId ? <span className="muted">(you)</span> : <UserActions id={u.id} name={u.name} role={u.role} active={u.active} tokens={tokenCounts.get(u.id) ?? 0} admins={admins.filter((a) => a.id !== u.id)} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
