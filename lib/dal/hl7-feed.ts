import 'server-only';
import { getDb } from '@/db/client';
import type { ReportLine } from '../domain/fhir/import-report';
import { forbidden, isAppError } from '../errors';
import { readOru, type Header, type OruMessage } from '../interop/hl7/oru';
import { ERROR_CODE, Hl7Problem, where, type AckCode, type ErrorCode, type Location } from '../interop/hl7/problem';
import { oruToBundle, type BundleOptions } from '../interop/hl7/to-bundle';
import { can } from '../permissions';
import type { Actor } from './actor';
import { importFhirBundle } from './fhir-import';
import { closeFiledInInbox, messageHash } from './hl7-inbox-store';
import { recordFeedRefusal } from './hl7-refusals';
import { writeTx } from './tx';

/**
 * The HL7 v2 lab feed's write path (issue 19; docs/decisions/0032-hl7-feed.md):
 * one ORU^R01 in, one outcome out, for the ACK. The message is read (lib/interop/hl7),
 * its sender checked against the allow-list, and made into the Bundle the FHIR import
 * reads, which files it through the product's write path in ONE transaction: the code
 * map, the entry rules, duplicate and correction matching, audit and signal recompute,
 * all or nothing. The message's own audit event (`hl7.message`, with its control ID and
 * a hash of its text) commits in the same transaction: a re-sent control ID with the
 * same text is acknowledged and changes nothing; with another text it is refused. The
 * outcome is returned only after the commit, so an AA always means "durably stored".
 */

export interface Sender { application: string; facility: string }

export interface FeedConfig extends BundleOptions {
  /** Senders (MSH-3, MSH-4) allowed to file results; '*' matches any value. Empty: nobody. */
  allowedSenders: readonly Sender[];
}

export interface FeedOutcome {
  ack: AckCode;
  controlId: string;
  /** What the sender reads in the ACK: never the registered patient's details. */
  text: string;
  /** The full words, for the inbox and the audit trail (may name the registered patient). */
  detail?: string;
  error?: { code: ErrorCode; location?: Location };
  header?: Header;
}

/**
 * A mismatch message names the patient already registered under the MRN: fine for a
 * clinician in the inbox, not for whoever sends a message (they could read names and
 * birth dates MRN by MRN from the ACKs).
 */
const withoutRegisteredPatient = (message: string) =>
  message.replace(/already belongs to .*?; the Bundle says .*?\. Refusing to merge two people\./, 'belongs to a patient with another name or birth date. Refusing to merge two people.');

/** The feed's identity in the audit trail: filing results needs `lab:import`, as every import; it never registers patients. */
export function hl7FeedActor(): Actor {
  return { userId: null, email: null, name: 'HL7 lab feed', role: 'nurse', active: true, origin: 'hl7' };
}

const fold = (s: string) => s.trim().toLowerCase();
const matches = (pattern: string, v: string) => pattern === '*' || fold(pattern) === fold(v);
export const senderAllowed = (allowed: readonly Sender[], h: Pick<Header, 'sendingApplication' | 'sendingFacility'>): boolean =>
  allowed.some((s) => matches(s.application, h.sendingApplication) && matches(s.facility, h.sendingFacility));

const messageKey = (h: Header) => JSON.stringify([h.sendingApplication, h.sendingFacility, h.controlId]);

/** The hash of the message already filed under this control ID, if any. */
function filedHash(key: string): string | null | undefined {
  const row = getDb().$client.prepare("SELECT after_json AS a FROM audit_events WHERE action = 'hl7.message' AND entity = 'hl7-message' AND entity_id = ? ORDER BY id DESC LIMIT 1").get(key) as { a: string | null } | undefined;
  if (!row) return undefined;
  try {
    const after = JSON.parse(row.a ?? '{}') as { messageHash?: unknown };
    return typeof after.messageHash === 'string' ? after.messageHash : null;
  } catch {
    return null;
  }
}

/** Where a refused report line points in the message: the patient (entry 0) or the n-th OBX. */
const locationOf = (l: ReportLine): Location | undefined => (l.entry === null ? undefined : l.entry === 0 ? { segment: 'PID', sequence: 1, field: 3 } : { segment: 'OBX', sequence: l.entry });

function refusedByImport(lines: readonly ReportLine[]): Pick<FeedOutcome, 'text' | 'detail' | 'error'> {
  const rejected = lines.filter((l) => l.outcome === 'rejected');
  const first = rejected[0];
  const code: ErrorCode = first?.mapKey ? ERROR_CODE.tableValue : /No patient with MRN|MRN .* belongs|another patient/i.test(first?.message ?? '') ? ERROR_CODE.unknownKey : ERROR_CODE.dataType;
  const words = (say: (m: string) => string) => rejected.map((l) => `${where(locationOf(l)) || 'message'}: ${say(l.message)}`).join(' | ');
  return {
    text: `Nothing stored. ${words(withoutRegisteredPatient)}`.slice(0, 4000),
    detail: `Nothing stored. ${words((m) => m)}`.slice(0, 4000),
    error: { code, location: first ? locationOf(first) : undefined },
  };
}

function summary(counts: Record<string, number>): string {
  const parts = [
    ['stored', (counts.antibodyResults ?? 0) + (counts.enzymeResults ?? 0)], ['corrected', counts.corrected ?? 0], ['retracted', counts.retracted ?? 0],
    ['held as preliminary', counts.held ?? 0], ['already present', counts.alreadyPresent ?? 0], ['not recorded by the code map', counts.ignored ?? 0],
  ] as const;
  return `Filed: ${parts.filter(([, n]) => n > 0).map(([w, n]) => `${n} ${w}`).join(', ') || 'nothing to change'}.`;
}

/**
 * Files one message already read and allowed: the duplicate check and the FHIR import,
 * in the caller's transaction or its own. Throws Hl7Problem for content it cannot read
 * (AE). Shared by the listener and the inbox's "File again" (lib/dal/hl7-inbox.ts).
 */
export function fileOru(person: Actor, msg: OruMessage, text: string, options: BundleOptions): FeedOutcome {
  // Every event of a filing says it came by the feed, also when a nurse files it from the inbox (their name stays on it).
  const actor: Actor = { ...person, origin: 'hl7' };
  const header = msg.header;
  const base = { controlId: header.controlId, header };
  const { bundle, results } = oruToBundle(msg, options);
  const key = messageKey(header);
  const hash = messageHash(text);
  const notes = msg.orders.flatMap((o) => [...o.notes, ...o.results.flatMap((r) => r.notes)]).slice(0, 50).map((n) => n.slice(0, 500));
  return writeTx((tx) => {
    const filed = filedHash(key);
    if (filed === hash) {
      const text = 'Already received: this message was filed before; nothing changed.';
      closeFiledInInbox(tx, actor, header, hash, text);
      return { ...base, ack: 'AA', text };
    }
    if (filed !== undefined) return { ...base, ack: 'AR', text: `Control ID ${header.controlId} (MSH-10) was already used by this sender for another message: nothing stored. Each message needs its own control ID.`, error: { code: ERROR_CODE.duplicateKey, location: { segment: 'MSH', sequence: 1, field: 10 } } };
    const report = importFhirBundle(actor, bundle, {
      existingPatientsOnly: true, origin: 'hl7', application: header.sendingApplication, sourceLabel: `HL7 feed, message ${header.controlId}`,
      audit: { action: 'hl7.message', entity: 'hl7-message', entityId: key, details: { via: 'hl7', controlId: header.controlId, sendingApplication: header.sendingApplication, sendingFacility: header.sendingFacility, version: header.version, messageHash: hash, results, notes, skippedSegments: [...new Set(msg.skippedSegments)] } },
    });
    if (!report.ok) return { ...base, ack: 'AE', ...refusedByImport(report.lines) };
    const filedText = summary(report.counts as unknown as Record<string, number>);
    closeFiledInInbox(tx, actor, header, hash, filedText);
    return { ...base, ack: 'AA', text: filedText };
  });
}

/**
 * Files one ORU^R01 message. `peer` is the sender's network address, for the audit
 * trail of refusals. Never throws for bad input: every refusal is an outcome with
 * words (AR for the message, AE for its content), and is audited; a message whose
 * content cannot be filed (AE) is also kept in the inbox, in the same transaction.
 * If the database is too busy to keep it there, the answer becomes AR "resend", so
 * an AE always means "a person has it in the inbox".
 */
export function receiveHl7Message(actor: Actor, text: string, config: FeedConfig, peer = ''): FeedOutcome {
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
  let header: Header | undefined;
  const outcome = ((): FeedOutcome => {
    try {
      const msg = readOru(text);
      header = msg.header;
      if (!senderAllowed(config.allowedSenders, header)) {
        return { controlId: header.controlId, header, ack: 'AR', text: `Sender ${header.sendingApplication}/${header.sendingFacility} (MSH-3/MSH-4) is not on this listener's allow-list: nothing stored. An administrator adds it under Admin, Lab feed.`, error: { code: ERROR_CODE.tableValue, location: { segment: 'MSH', sequence: 1, field: 3 } } };
      }
      return fileOru(actor, msg, text, config);
    } catch (e) {
      if (e instanceof Hl7Problem) header ??= e.header;
      const controlId = header?.controlId ?? '';
      if (e instanceof Hl7Problem) return { controlId, header, ack: e.ack, text: `Nothing stored. ${e.message}`, error: { code: e.code, location: e.location } };
      if (isAppError(e) && e.code === 'busy') return BUSY(controlId, header);
      throw e;
    }
  })();
  if (outcome.ack === 'AA') return outcome;
  try {
    recordFeedRefusal(actor, outcome, peer, Date.now(), outcome.ack === 'AE' ? text : undefined);
  } catch (e) {
    if (isAppError(e) && e.code === 'busy') return BUSY(outcome.controlId, outcome.header);
    throw e;
  }
  return outcome;
}

const BUSY = (controlId: string, header: Header | undefined): FeedOutcome =>
  ({ controlId, header, ack: 'AR', text: 'The database is busy: nothing stored. Send the message again in a few seconds.', error: { code: ERROR_CODE.recordLocked } });
