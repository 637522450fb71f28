import 'server-only';
import { and, asc, count, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { hl7Inbox } from '@/db/schema';
import { forbidden, invalid, notFound } from '../errors';
import { ENV } from '../interop/hl7/config';
import { readOru } from '../interop/hl7/oru';
import { Hl7Problem } from '../interop/hl7/problem';
import { can } from '../permissions';
import { idSchema, reasonSchema } from '../validation/common';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { fileOru } from './hl7-feed';
import { recordRead } from './read-audit';
import { writeTx, type Tx } from './tx';

/**
 * The HL7 feed's inbox (issue 19, item 4; docs/decisions/0032-hl7-feed.md): messages the
 * feed answered AE, for a nurse or physician to file again (after the patient was
 * registered or the code mapped) or dismiss with a reason. Seeing and dismissing follow
 * the matrix row "resolve the lab-feed inbox, confirm code mappings" (code-map:manage);
 * filing stores results, so it also needs lab:import, as every import. Every action is
 * audited; a refusal changes nothing.
 */

export interface InboxListItem {
  id: number; receivedAt: string; sender: string; controlId: string; patientAsSent: string; problem: string;
}

const MAX_LISTED = 200;

/** Open inbox messages, oldest first (the order they arrived in). The list names patients: its view is audited. */
export function listOpenInbox(actor: Actor): InboxListItem[] {
  if (!can(actor, 'code-map:manage')) throw forbidden({ actor, permission: 'code-map:manage' });
  const rows = getDb().select().from(hl7Inbox).where(eq(hl7Inbox.status, 'open')).orderBy(asc(hl7Inbox.receivedAt), asc(hl7Inbox.id)).limit(MAX_LISTED).all();
  recordRead(actor, { action: 'hl7.inbox.view', entity: 'hl7-inbox', after: { open: rows.length } });
  return rows.map((r) => ({
    id: r.id, receivedAt: r.receivedAt, sender: [r.sendingApplication, r.sendingFacility].filter(Boolean).join(' / '),
    controlId: r.controlId, patientAsSent: r.patientAsSent, problem: inWords(r.problem),
  }));
}

/** The ACK's text for a person: without "Nothing stored." and with segment names said as what they are. */
export const inWords = (problem: string): string => problem.replace(/^Nothing stored\.\s*/, '').split(' | ')
  .map((part) => part.replace(/^OBX\[(\d+)\](?:-\d+)?: /, 'Result $1: ').replace(/^PID(?:-\d+)?: /, 'Patient: ').replace(/^message: /, ''))
  .join(' | ');

/** The top bar's count; null for a user who cannot act on the inbox (nothing is shown). */
export function countOpenInbox(actor: Actor): number | null {
  if (!can(actor, 'code-map:manage')) return null;
  return getDb().select({ n: count() }).from(hl7Inbox).where(eq(hl7Inbox.status, 'open')).get()?.n ?? 0;
}

function openRow(tx: Tx, id: number) {
  const row = tx.select().from(hl7Inbox).where(eq(hl7Inbox.id, id)).get();
  if (!row) throw notFound('Inbox message');
  if (row.status !== 'open') throw invalid(`This message was already ${row.status === 'filed' ? 'filed' : 'dismissed'}; nothing changed.`);
  return row;
}

/**
 * Files the message again through the feed's own path (same code map, entry rules,
 * duplicate check, one transaction with audit and signals). Success marks it filed;
 * a message that still cannot be filed is refused with the reason, nothing changed.
 */
export function fileInboxMessageAgain(actor: Actor, rawId: unknown): { summary: string } {
  if (!can(actor, 'code-map:manage')) throw forbidden({ actor, permission: 'code-map:manage' });
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
  const id = parseOrThrow(idSchema('inbox message'), rawId, 'id');
  return writeTx((tx) => {
    const row = openRow(tx, id);
    const authority = process.env[ENV.authority]?.trim();
    let outcome;
    try {
      outcome = fileOru(actor, readOru(row.rawText), row.rawText, authority ? { mrnAuthority: authority } : {});
    } catch (e) {
      if (e instanceof Hl7Problem) throw invalid(`Still cannot be filed: ${e.message}`);
      throw e;
    }
    if (outcome.ack !== 'AA') throw invalid(`Still cannot be filed: ${(outcome.detail ?? outcome.text).replace(/^Nothing stored\.\s*/, '')}`.slice(0, 2000));
    // fileOru marked this row filed (same sender, control ID and text) with its audit event.
    if (tx.select({ status: hl7Inbox.status }).from(hl7Inbox).where(eq(hl7Inbox.id, id)).get()?.status !== 'filed') throw new Error(`inbox message ${id} was filed but not closed`);
    return { summary: outcome.text };
  });
}

/** Sets the message aside for good, with the reason (kept in the inbox row and the audit trail). */
export function dismissInboxMessage(actor: Actor, rawId: unknown, rawReason: unknown): void {
  if (!can(actor, 'code-map:manage')) throw forbidden({ actor, permission: 'code-map:manage' });
  // A dismissed result never reaches the record: a clinician who may file results decides that, not an administrator alone.
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
  const id = parseOrThrow(idSchema('inbox message'), rawId, 'id');
  const reason = parseOrThrow(reasonSchema, rawReason, 'reason');
  writeTx((tx) => {
    const row = openRow(tx, id);
    tx.update(hl7Inbox).set({ status: 'dismissed', resolvedBy: actor.userId, resolvedAt: new Date().toISOString(), resolution: reason })
      .where(and(eq(hl7Inbox.id, id), eq(hl7Inbox.status, 'open'))).run();
    appendAudit(tx, actor, {
      action: 'hl7.inbox.dismissed', entity: 'hl7-inbox', entityId: String(id), reason,
      before: { status: 'open' }, after: { status: 'dismissed', controlId: row.controlId, sendingApplication: row.sendingApplication, sendingFacility: row.sendingFacility },
    });
  });
}
