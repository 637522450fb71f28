import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { hl7Inbox } from '@/db/schema';
import { readOru, type Header } from '../interop/hl7/oru';
import { appendAudit, type AuditActor } from './audit';
import type { Tx } from './tx';

/**
 * Keeping a refused HL7 message in the inbox (issue 19, item 4), inside the caller's
 * transaction (the one of its `hl7.refused` audit event). No permission check here: the
 * feed's write path calls it, never a page.
 */

/** The text as sent, line ends aside (an engine may resend with \n for \r). */
export const messageHash = (text: string): string =>
  createHash('sha256').update(text.replace(/\r\n|\n/g, '\r').replace(/\r+$/, '')).digest('hex');

const MAX_PROBLEM = 4000;

/** "MRN 12345 (CENTRAL) · DOE, JANE · born 1970-01-31": the patient as the lab named it. */
export function patientAsSent(text: string): string {
  try {
    const p = readOru(text).patient;
    const ids = p.identifiers.map((i) => `${i.id}${i.authority ? ` (${i.authority})` : ''}`).join(', ');
    const born = /^\d{8}/.test(p.birthDate) ? `${p.birthDate.slice(0, 4)}-${p.birthDate.slice(4, 6)}-${p.birthDate.slice(6, 8)}` : p.birthDate;
    return [ids && `MRN ${ids}`, [p.familyName, p.givenName].filter(Boolean).join(', '), born && `born ${born}`].filter(Boolean).join(' · ').slice(0, 500);
  } catch {
    return '';
  }
}

/**
 * Adds the message to the inbox, or finds it there: a sender re-sending a refused
 * message (same sender, control ID and text) while it is still open adds no second row.
 */
export function holdInInbox(tx: Tx, header: Header, text: string, problem: string): { id: number; isNew: boolean } {
  const hash = messageHash(text);
  const open = tx.select({ id: hl7Inbox.id }).from(hl7Inbox).where(and(
    eq(hl7Inbox.messageHash, hash), eq(hl7Inbox.status, 'open'), eq(hl7Inbox.controlId, header.controlId),
    eq(hl7Inbox.sendingApplication, header.sendingApplication), eq(hl7Inbox.sendingFacility, header.sendingFacility),
  )).get();
  if (open) return { id: open.id, isNew: false };
  const row = tx.insert(hl7Inbox).values({
    rawText: text, sendingApplication: header.sendingApplication, sendingFacility: header.sendingFacility,
    controlId: header.controlId, messageHash: hash, patientAsSent: patientAsSent(text),
    problem: problem.slice(0, MAX_PROBLEM), status: 'open', receivedAt: new Date().toISOString(),
  }).returning({ id: hl7Inbox.id }).get();
  return { id: row.id, isNew: true };
}

/**
 * Marks filed the open inbox rows of a message that was just filed (by "File again", or
 * because the laboratory sent the same message again once the cause was fixed), with
 * one audit event each, in the filing's transaction: the inbox never shows a message
 * whose results are already in the record.
 */
export function closeFiledInInbox(tx: Tx, actor: AuditActor, header: Header, hash: string, summary: string): number[] {
  const rows = tx.select({ id: hl7Inbox.id }).from(hl7Inbox).where(and(
    eq(hl7Inbox.messageHash, hash), eq(hl7Inbox.status, 'open'), eq(hl7Inbox.controlId, header.controlId),
    eq(hl7Inbox.sendingApplication, header.sendingApplication), eq(hl7Inbox.sendingFacility, header.sendingFacility),
  )).all();
  const at = new Date().toISOString();
  for (const { id } of rows) {
    tx.update(hl7Inbox).set({ status: 'filed', resolvedBy: actor.userId, resolvedAt: at, resolution: summary.slice(0, 1000) }).where(eq(hl7Inbox.id, id)).run();
    appendAudit(tx, actor, {
      action: 'hl7.inbox.filed', entity: 'hl7-inbox', entityId: String(id), before: { status: 'open' },
      after: { status: 'filed', controlId: header.controlId, sendingApplication: header.sendingApplication, sendingFacility: header.sendingFacility, summary },
    });
  }
  return rows.map((r) => r.id);
}
