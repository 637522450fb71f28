import 'server-only';
import { and, asc, eq, inArray, lt, ne } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { hl7Inbox, settings } from '@/db/schema';
import { forbidden, invalid } from '../errors';
import { can } from '../permissions';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { writeTx } from './tx';

/**
 * How long the lab inbox keeps the text of a message once it was filed or dismissed
 * (issue 19, operations; docs/decisions/0038-hl7-admin-and-inbox.md). After that
 * the raw HL7 text (every segment: names, identifiers, values) is removed; the row stays
 * with the patient as sent, the reason, the outcome and who resolved it when, and the
 * stored results are untouched. An open message is never touched: a person still needs
 * it. Runs at the listener's start and daily; each run that removes text is audited.
 */
export const RETENTION_KEY = 'hl7.inbox-retention-days';
export const DEFAULT_RETENTION_DAYS = 365;
export const MIN_RETENTION_DAYS = 7;
export const MAX_RETENTION_DAYS = 3650;
const DAY_MS = 86_400_000;

/** The administrator's setting, else the default (also when the stored value is unreadable). */
export function readRetentionDays(): number {
  const row = getDb().select({ v: settings.valueJson }).from(settings).where(eq(settings.key, RETENTION_KEY)).get();
  if (!row) return DEFAULT_RETENTION_DAYS;
  try {
    const parsed = z.object({ days: z.number().int().min(MIN_RETENTION_DAYS).max(MAX_RETENTION_DAYS) }).safeParse(JSON.parse(row.v));
    return parsed.success ? parsed.data.days : DEFAULT_RETENTION_DAYS;
  } catch {
    return DEFAULT_RETENTION_DAYS;
  }
}

/** For Admin, Lab feed. */
export function getRetentionDays(actor: Actor): number {
  if (!can(actor, 'settings:manage')) throw forbidden({ actor, permission: 'settings:manage' });
  return readRetentionDays();
}

const WORDS = `a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`;
const daysSchema = z.object({
  days: z.union([z.number(), z.string().trim().regex(/^\d{1,5}$/, `Give ${WORDS}.`).transform(Number)], { error: `Give ${WORDS}.` })
    .pipe(z.number({ error: `Give ${WORDS}.` }).int(`Give ${WORDS}.`).min(MIN_RETENTION_DAYS, `Give ${WORDS}.`).max(MAX_RETENTION_DAYS, `Give ${WORDS}.`)),
});

/** Admins: sets the retention (audited as settings.hl7-inbox-retention). The next run (listener start or daily) applies it. */
export function updateRetentionDays(actor: Actor, input: unknown): number {
  if (!can(actor, 'settings:manage')) throw forbidden({ actor, permission: 'settings:manage' });
  const parsed = daysSchema.safeParse(input);
  if (!parsed.success) throw invalid('The retention was not saved.', { days: [parsed.error.issues[0]?.message ?? `Give ${WORDS}.`] });
  const days = parsed.data.days;
  return writeTx((tx) => {
    const before = readRetentionDays();
    const at = new Date().toISOString();
    const value = JSON.stringify({ days });
    tx.insert(settings).values({ key: RETENTION_KEY, valueJson: value, updatedAt: at, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: settings.key, set: { valueJson: value, updatedAt: at, updatedBy: actor.userId } }).run();
    appendAudit(tx, actor, { action: 'settings.hl7-inbox-retention', entity: 'settings', entityId: RETENTION_KEY, before: { days: before }, after: { days } });
    return days;
  });
}

/** Who runs the removal: the listener's housekeeping (as the command line acts for the operator: docs/decisions/0006). */
export function retentionActor(): Actor {
  return { userId: null, email: null, name: 'Lab feed retention', role: 'admin', active: true, origin: 'hl7' };
}

const MAX_LISTED_IDS = 500;

/**
 * Removes the message text of filed and dismissed inbox messages resolved more than the
 * retention ago, in one transaction with one audit event (none when nothing was due).
 */
export function removeExpiredInboxText(actor: Actor, now = Date.now()): { removed: number; days: number } {
  if (!can(actor, 'settings:manage')) throw forbidden({ actor, permission: 'settings:manage' });
  const days = readRetentionDays();
  const cutoff = new Date(now - days * DAY_MS).toISOString();
  return writeTx((tx) => {
    const due = and(inArray(hl7Inbox.status, ['filed', 'dismissed']), ne(hl7Inbox.rawText, ''), lt(hl7Inbox.resolvedAt, cutoff));
    const ids = tx.select({ id: hl7Inbox.id }).from(hl7Inbox).where(due).orderBy(asc(hl7Inbox.id)).all().map((r) => r.id);
    if (ids.length === 0) return { removed: 0, days };
    tx.update(hl7Inbox).set({ rawText: '' }).where(due).run();
    appendAudit(tx, actor, {
      action: 'hl7.inbox.text-removed', entity: 'hl7-inbox', entityId: null,
      after: { removed: ids.length, retentionDays: days, resolvedBefore: cutoff, inboxIds: ids.slice(0, MAX_LISTED_IDS) },
      reason: `Message text kept ${days} days after the message was filed or dismissed (site setting).`,
    });
    return { removed: ids.length, days };
  });
}
