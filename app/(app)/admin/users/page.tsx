import type { Metadata } from 'next';
import { requirePagePermission } from '@/lib/dal/session';
import { listUsers } from '@/lib/dal/users';
import { countLiveTokensByOwner } from '@/lib/dal/api-token-owners';
import { ROLE_LABELS } from '@/lib/permissions';
import { Badge } from '@/app/ui/badge';
import { NewUserForm } from './new-user-form';
import { UserActions } from './user-actions';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const actor = await requirePagePermission('user:manage');
  const users = listUsers(actor);
  const tokenCounts = countLiveTokensByOwner(actor);
  // Who could take over a deactivated administrator's API tokens.
  const admins = users.filter((u) => u.active && u.role === 'admin').map((u) => ({ id: u.id, name: u.name }));
  return (
    <>
      <h1>Users</h1>
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
