import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { settings } from '@/db/schema';
import { can, ROLE_LABELS, ROLES, type Role } from '../permissions';
import { conflict, forbidden, invalid } from '../errors';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { MAX_GROUP_LENGTH, parseRules } from './sso-config';
import { writeTx, type Tx } from './tx';

/**
 * Group-to-role rules for single sign-on (issue 21), edited by administrators on
 * /admin/sign-in-rules and kept in the settings table. Precedence: once the setting
 * exists (even as an empty list) it alone decides; until then TITERLINE_OIDC_ROLE_RULES
 * is the initial default, copied into the setting by the first change
 * (docs/decisions/0037-sso-rules-logout-and-code-lock.md). Order matters: the first rule
 * naming one of the person's groups gives the role.
 */
export const SSO_RULES_SETTING_KEY = 'sso.role-rules';
export const MAX_RULES = 500;
const MAX_GROUP = MAX_GROUP_LENGTH;

export interface RoleRule { group: string; role: Role }
export interface RoleRules { rules: RoleRule[]; source: 'setting' | 'environment' }

const storedSchema = z.array(z.object({ group: z.string().min(1).max(MAX_GROUP), role: z.enum(ROLES) })).max(MAX_RULES);

function environmentRules(): RoleRule[] {
  try {
    return parseRules(process.env.TITERLINE_OIDC_ROLE_RULES ?? '');
  } catch {
    // The server refuses to start with a bad value (sso-config.ts); here it grants nothing.
    return [];
  }
}

/** The rules sign-in uses. A stored value that cannot be read grants nothing (fails closed). */
export function readRoleRules(db: Db | Tx = getDb()): RoleRules {
  const row = db.select({ v: settings.valueJson }).from(settings).where(eq(settings.key, SSO_RULES_SETTING_KEY)).get();
  if (!row) return { rules: environmentRules(), source: 'environment' };
  try {
    const parsed = storedSchema.safeParse(JSON.parse(row.v));
    return { rules: parsed.success ? parsed.data : [], source: 'setting' };
  } catch {
    return { rules: [], source: 'setting' };
  }
}

/** For the administrators' page. */
export function listRoleRules(actor: Actor): RoleRules {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  return readRoleRules();
}

const ROLE_WORDS = ROLES.map((r) => ROLE_LABELS[r]).join(', ');
const GROUP_MESSAGE = `Enter the group exactly as the hospital's sign-in service sends it: 1 to ${MAX_GROUP} characters on one line.`;
const groupSchema = z.string({ error: GROUP_MESSAGE }).trim().min(1, GROUP_MESSAGE).max(MAX_GROUP, GROUP_MESSAGE)
  // No control characters: they would not come from a provider and hide in a list.
  .refine((g) => !/[\u0000-\u001f\u007f]/.test(g), GROUP_MESSAGE);
const addSchema = z.object({ group: groupSchema, role: z.enum(ROLES, { error: `Choose a role: ${ROLE_WORDS}.` }) });
const removeSchema = z.object({ group: groupSchema });
const moveSchema = z.object({ group: groupSchema, direction: z.enum(['up', 'down'], { error: 'Move a rule up or down.' }) });

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors: Record<string, string[]> = {};
  for (const issue of r.error.issues) {
    const field = String(issue.path[0] ?? '_form');
    (errors[field] ??= []).push(issue.message);
  }
  throw invalid(r.error.issues[0]?.message ?? 'Please correct the rule.', errors);
}

const quoted = (group: string) => `"${group.length > 60 ? `${group.slice(0, 60)}…` : group}"`;

/** One transaction: the new list replaces the setting, audited with the list before and after. */
function change(actor: Actor, what: string, edit: (rules: RoleRule[]) => RoleRule[]): RoleRule[] {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  return writeTx((tx) => {
    const before = readRoleRules(tx);
    const next = edit([...before.rules]);
    const value = JSON.stringify(next);
    const at = new Date().toISOString();
    tx.insert(settings).values({ key: SSO_RULES_SETTING_KEY, valueJson: value, updatedAt: at, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: settings.key, set: { valueJson: value, updatedAt: at, updatedBy: actor.userId } }).run();
    appendAudit(tx, actor, { action: 'settings.sso-rules', entity: 'settings', entityId: SSO_RULES_SETTING_KEY, before: { rules: before.rules, source: before.source }, after: { rules: next, change: what } });
    return next;
  });
}

/** Adds a rule at the end of the list (lowest precedence). */
export function addRoleRule(actor: Actor, input: unknown): RoleRule[] {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  const rule = parse(addSchema, input);
  return change(actor, 'add', (rules) => {
    if (rules.some((r) => r.group === rule.group)) throw conflict(`There is already a rule for the group ${quoted(rule.group)}. Remove it first to give the group another role.`, { group: ['This group already has a rule.'] });
    if (rules.length >= MAX_RULES) throw invalid(`At most ${MAX_RULES} rules can be kept. Remove one first.`);
    return [...rules, rule];
  });
}

const missing = (group: string) => conflict(`There is no rule for the group ${quoted(group)} (the list may have changed: reload the page).`);

export function removeRoleRule(actor: Actor, input: unknown): RoleRule[] {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  const { group } = parse(removeSchema, input);
  return change(actor, 'remove', (rules) => {
    if (!rules.some((r) => r.group === group)) throw missing(group);
    return rules.filter((r) => r.group !== group);
  });
}

/** Moves a rule one place up (checked earlier) or down. */
export function moveRoleRule(actor: Actor, input: unknown): RoleRule[] {
  if (!can(actor, 'user:manage')) throw forbidden({ actor, permission: 'user:manage' });
  const { group, direction } = parse(moveSchema, input);
  return change(actor, `move ${direction}`, (rules) => {
    const at = rules.findIndex((r) => r.group === group);
    if (at < 0) throw missing(group);
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to < 0 || to >= rules.length) throw invalid(`That rule is already ${direction === 'up' ? 'first' : 'last'}.`);
    [rules[at], rules[to]] = [rules[to]!, rules[at]!];
    return rules;
  });
}
