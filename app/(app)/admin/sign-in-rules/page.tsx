import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { requirePagePermission } from '@/lib/dal/session';
import { listRoleRules } from '@/lib/dal/sso-rules';
import { ROLE_LABELS, ROLES } from '@/lib/permissions';
import { AddRoleRule, RuleControls } from './rule-forms';

export const metadata: Metadata = { title: 'Sign-in rules' };

/** Which hospital groups let a person in through single sign-on, and with which role. */
export default async function SignInRulesPage() {
  const actor = await requirePagePermission('user:manage');
  const { rules, source } = listRoleRules(actor);
  return (
    <>
      <h1>Single sign-on rules</h1>
      <p className="muted">
        A person signing in with the hospital&apos;s sign-in service gets the role of the first rule below that names one of their groups.
        Without a matching group they are not let in. Roles are read again at every sign-in, so a change here applies from each person&apos;s next sign-in.
        Every change is audited. People already in <Link href="/admin/users">Users</Link> keep their account; deactivation there always wins.
      </p>
      {source === 'environment' ? <p className="hint" data-testid="rules-source">These are the server&apos;s starting rules; the first change here saves them as the site&apos;s rules, which the server&apos;s starting rules no longer override.</p> : null}
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Sign-in rules, first match wins</caption>
          <thead><tr><th scope="col">Order</th><th scope="col">Group</th><th scope="col">Role</th><th scope="col">Change</th></tr></thead>
          <tbody>
            {rules.length === 0 ? <tr><td colSpan={4}>No rules: nobody is let in through single sign-on.</td></tr> : null}
            {rules.map((r, i) => (
              <tr key={r.group} data-testid="sign-in-rule">
                <td>{i + 1}</td>
                <td><code>{r.group}</code></td>
                <td>{ROLE_LABELS[r.role]}</td>
                <td><RuleControls group={r.group} first={i === 0} last={i === rules.length - 1} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" aria-labelledby="add-rule">
        <h2 id="add-rule">Add a rule</h2>
        <AddRoleRule roles={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      </section>
    </>
  );
}
