import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { settings, type User } from '@/db/schema';
import { can } from '../permissions';
import { forbidden, invalid } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { writeTx } from './tx';

/**
 * Who must sign in with a second factor (issue 21): administrators by default, or
 * everyone, or nobody. A user who must but has not enrolled gets a grace period
 * (TITERLINE_TWO_FACTOR_GRACE_DAYS, default 14; 0 = none) counted from their account's
 * creation or the day the rule was last tightened, whichever is later. During it they
 * are asked to enrol; after it a password sign-in reaches only the enrolment page
 * (docs/decisions/0033-two-factor-and-sso.md).
 */
export const TWO_FACTOR_SCOPES = ['admins', 'everyone', 'nobody'] as const;
export type TwoFactorScope = (typeof TWO_FACTOR_SCOPES)[number];
export const TWO_FACTOR_SCOPE_LABELS: Record<TwoFactorScope, string> = {
  admins: 'Administrators',
  everyone: 'Everyone',
  nobody: 'Nobody (optional for all)',
};

export const TWO_FACTOR_SETTING_KEY = 'two-factor.required';

export interface TwoFactorPolicy {
  scope: TwoFactorScope;
  /** When the rule was last tightened (ISO), or null for the default. */
  since: string | null;
}

const storedSchema = z.object({ scope: z.enum(TWO_FACTOR_SCOPES), since: z.string().nullable() });
const DEFAULT_POLICY: TwoFactorPolicy = { scope: 'admins', since: null };

export function readTwoFactorPolicy(): TwoFactorPolicy {
  const row = getDb().select({ v: settings.valueJson }).from(settings).where(eq(settings.key, TWO_FACTOR_SETTING_KEY)).get();
  if (!row) return DEFAULT_POLICY;
  try {
    const parsed = storedSchema.safeParse(JSON.parse(row.v));
    return parsed.success ? parsed.data : DEFAULT_POLICY;
  } catch {
    return DEFAULT_POLICY;
  }
}

export function graceMs(): number {
  const raw = process.env.TITERLINE_TWO_FACTOR_GRACE_DAYS;
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return (Number.isInteger(n) && n >= 0 ? n : 14) * 86_400_000;
}

export function requiresSecondFactor(role: string, policy: TwoFactorPolicy): boolean {
  return policy.scope === 'everyone' || (policy.scope === 'admins' && role === 'admin');
}

export type EnrolmentState = 'enrolled' | 'optional' | { dueBy: number } | 'overdue';

/** Where a user stands against the policy at `now`. */
export function enrolmentState(u: Pick<User, 'role' | 'createdAt' | 'totpEnrolledAt'>, policy: TwoFactorPolicy, now = Date.now()): EnrolmentState {
  if (u.totpEnrolledAt !== null) return 'enrolled';
  if (!requiresSecondFactor(u.role, policy)) return 'optional';
  const from = Math.max(Date.parse(u.createdAt) || 0, policy.since ? Date.parse(policy.since) || 0 : 0);
  const dueBy = from + graceMs();
  return now >= dueBy ? 'overdue' : { dueBy };
}

const inputSchema = z.object({ scope: z.enum(TWO_FACTOR_SCOPES, { error: 'Choose administrators, everyone or nobody.' }) });
const strictness: Record<TwoFactorScope, number> = { nobody: 0, admins: 1, everyone: 2 };

/** Admins: sets who must use two-factor sign-in (audited as settings.two-factor). */
export function updateTwoFactorPolicy(actor: Actor, input: unknown): TwoFactorPolicy {
  if (!can(actor, 'settings:manage')) throw forbidden({ actor, permission: 'settings:manage' });
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw invalid('Choose administrators, everyone or nobody.', { scope: ['Choose administrators, everyone or nobody.'] });
  return writeTx((tx) => {
    const before = readTwoFactorPolicy();
    const at = new Date().toISOString();
    // Tightening starts a new grace period for those it newly covers; loosening keeps the old date.
    const next: TwoFactorPolicy = { scope: parsed.data.scope, since: strictness[parsed.data.scope] > strictness[before.scope] ? at : before.since };
    const value = JSON.stringify(next);
    tx.insert(settings).values({ key: TWO_FACTOR_SETTING_KEY, valueJson: value, updatedAt: at, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: settings.key, set: { valueJson: value, updatedAt: at, updatedBy: actor.userId } }).run();
    appendAudit(tx, actor, { action: 'settings.two-factor', entity: 'settings', entityId: TWO_FACTOR_SETTING_KEY, before, after: next });
    return next;
  });
}
