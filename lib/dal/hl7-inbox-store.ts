import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { hl7Inbox } from '@/db/schema';
import { readOru, type Header } from '../interop/hl7/oru';
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
