/**
 * Sign-in actions of issue 21. The single sign-on rule actions go to the authorization
 * matrix and hostile input (user:manage: administrators only); each valid call works on
 * a rule of its own. Sign-out is listed for the registry scan only: it ends the caller's
 * own session, which the matrix's shared callers need, so tests/security/sign-out.test.ts
 * calls it with sessions of its own.
 */
import * as signInRulesActions from '@/app/(app)/admin/sign-in-rules/actions';
import * as signOutActions from '@/app/ui/sign-out-action';
import { cliActor } from '@/lib/dal/actor';
import { addRoleRule } from '@/lib/dal/sso-rules';
import type { ActionEntry, Fixtures } from './registry';

const A = 'app/(app)/admin';

/** Two fresh rules (the second can move up), added from the command line. */
function seedRules(fx: Fixtures): [string, string] {
  const first = `titerline-sec-${fx.unique()}`;
  const second = `titerline-sec-${fx.unique()}`;
  addRoleRule(cliActor(), { group: first, role: 'nurse' });
  addRoleRule(cliActor(), { group: second, role: 'reviewer' });
  return [first, second];
}

export const SSO_RULE_ACTIONS: ActionEntry[] = [
  {
    kind: 'action', file: `${A}/sign-in-rules/actions.ts`, name: 'addRoleRuleAction', run: signInRulesActions.addRoleRuleAction, needs: 'user:manage', writes: true,
    variants: [{ label: 'a nurses group', valid: (fx) => ({ group: `titerline-nurses-${fx.unique()}`, role: 'nurse' }) }],
  },
  {
    kind: 'action', file: `${A}/sign-in-rules/actions.ts`, name: 'removeRoleRuleAction', run: signInRulesActions.removeRoleRuleAction, needs: 'user:manage', writes: true,
    variants: [{ label: 'a seeded rule', valid: (fx) => ({ group: seedRules(fx)[0] }) }],
  },
  {
    kind: 'action', file: `${A}/sign-in-rules/actions.ts`, name: 'moveRoleRuleAction', run: signInRulesActions.moveRoleRuleAction, needs: 'user:manage', writes: true,
    variants: [{ label: 'second rule up', valid: (fx) => ({ group: seedRules(fx)[1], direction: 'up' }) }],
  },
];

export const SIGN_OUT_ACTION: ActionEntry = {
  kind: 'action', file: 'app/ui/sign-out-action.ts', name: 'signOutAction', run: signOutActions.signOutAction as ActionEntry['run'], needs: 'public', writes: true,
  variants: [{ label: 'this browser', valid: () => ({}) }],
};
