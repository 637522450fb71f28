import 'server-only';
import { log } from '../ops/log';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { settings, users } from '@/db/schema';
import { forbidden, invalid } from '../errors';
import { parseAddresses, parseSenders, type Sender } from '../interop/hl7/allow-list';
import { can } from '../permissions';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { writeTx } from './tx';

/**
 * The lab feed's allow-lists as an administrator sets them on Admin, Lab feed (issue 19,
 * item 1), kept in the settings table. Precedence: once an administrator saved them,
 * the stored lists are the only ones; until then the listener uses its environment
 * (TITERLINE_HL7_ALLOWED_SENDERS / _ADDRESSES). The listener reads them at every
 * connection (addresses) and every message (senders), so a change applies without a
 * restart (docs/decisions/0038-hl7-admin-and-inbox.md).
 */
export const ALLOW_LIST_KEY = 'hl7.allow-list';

export interface AllowList { senders: Sender[]; addresses: string[] }

const storedSchema = z.object({
  senders: z.array(z.object({ application: z.string(), facility: z.string() })),
  addresses: z.array(z.string()),
});

/**
 * The stored lists, or null when none were saved. A saved row that cannot be read
 * allows nobody (empty lists, logged): falling back to the environment's lists could
 * let in a sender an administrator had taken off them. The page shows the empty lists
 * and saving again repairs it.
 */
export function readStoredAllowList(): AllowList | null {
  const row = getDb().select({ v: settings.valueJson }).from(settings).where(eq(settings.key, ALLOW_LIST_KEY)).get();
  if (!row) return null;
  let parsed: ReturnType<typeof storedSchema.safeParse> | null = null;
  try {
    parsed = storedSchema.safeParse(JSON.parse(row.v));
  } catch {
    parsed = null;
  }
  if (parsed?.success) return parsed.data;
  log().error({ component: 'hl7', setting: ALLOW_LIST_KEY }, 'The saved lab feed allow-lists cannot be read: nobody is allowed until an administrator saves them again');
  return { senders: [], addresses: [] };
}

/** What the listener applies now: the stored lists, else the environment's (its start configuration). */
export function effectiveAllowList(fromEnvironment: AllowList): AllowList {
  return readStoredAllowList() ?? fromEnvironment;
}

export interface AllowListView extends AllowList { source: 'settings' | 'environment'; updatedAt: string | null; updatedBy: string | null }

/** For Admin, Lab feed: the lists in force and where they come from. */
export function getFeedAllowList(actor: Actor, fromEnvironment: AllowList): AllowListView {
  if (!can(actor, 'settings:manage')) throw forbidden({ actor, permission: 'settings:manage' });
  const stored = readStoredAllowList();
  if (!stored) return { ...fromEnvironment, source: 'environment', updatedAt: null, updatedBy: null };
  const row = getDb().select({ at: settings.updatedAt, by: users.name }).from(settings).leftJoin(users, eq(users.id, settings.updatedBy)).where(eq(settings.key, ALLOW_LIST_KEY)).get();
  return { ...stored, source: 'settings', updatedAt: row?.at ?? null, updatedBy: row?.by ?? null };
}

const inputSchema = z.object({
  senders: z.string({ error: 'List the senders as text.' }).max(20_000, 'The list of senders is too long (at most 100 lines).'),
  addresses: z.string({ error: 'List the addresses as text.' }).max(10_000, 'The list of addresses is too long (at most 100 lines).'),
});

/** Admins: saves both lists (audited as settings.hl7-allow-list, with before and after). Refused in words, nothing changed, when a line is not valid. */
export function updateFeedAllowList(actor: Actor, input: unknown, fromEnvironment: AllowList): AllowList {
  if (!can(actor, 'settings:manage')) throw forbidden({ actor, permission: 'settings:manage' });
  const raw = inputSchema.safeParse(input);
  if (!raw.success) {
    const fields = Object.fromEntries(raw.error.issues.map((i) => [String(i.path[0] ?? 'senders'), [i.message]]));
    throw invalid('The allow-lists were not saved.', fields);
  }
  const senders = parseSenders(raw.data.senders);
  const addresses = parseAddresses(raw.data.addresses);
  const fieldErrors: Record<string, string[]> = {};
  if (!senders.ok) fieldErrors.senders = senders.problems;
  else if (senders.value.length === 0) fieldErrors.senders = ['Name at least one sender: with none, every message would be refused.'];
  if (!addresses.ok) fieldErrors.addresses = addresses.problems;
  else if (addresses.value.length === 0) fieldErrors.addresses = ['Name at least one address (127.0.0.1 for this machine): with none, every connection would be refused.'];
  if (!senders.ok || !addresses.ok || Object.keys(fieldErrors).length) throw invalid('The allow-lists were not saved.', fieldErrors);
  const next: AllowList = { senders: senders.value, addresses: addresses.value };
  return writeTx((tx) => {
    const before = readStoredAllowList();
    const at = new Date().toISOString();
    const value = JSON.stringify(next);
    tx.insert(settings).values({ key: ALLOW_LIST_KEY, valueJson: value, updatedAt: at, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: settings.key, set: { valueJson: value, updatedAt: at, updatedBy: actor.userId } }).run();
    appendAudit(tx, actor, { action: 'settings.hl7-allow-list', entity: 'settings', entityId: ALLOW_LIST_KEY, before: before ?? { ...fromEnvironment, source: 'environment' }, after: next });
    return next;
  });
}
