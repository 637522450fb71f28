import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { assays, hl7Inbox, patients } from '@/db/schema';
import { parseBundle } from '../domain/fhir/import-bundle';
import type { MappingRequest } from '../domain/fhir/import-candidates';
import { forbidden, invalid, notFound } from '../errors';
import { ENV } from '../interop/hl7/config';
import { readOru } from '../interop/hl7/oru';
import { Hl7Problem } from '../interop/hl7/problem';
import { oruToBundle, type BundleOptions } from '../interop/hl7/to-bundle';
import { can } from '../permissions';
import { idSchema } from '../validation/common';
import { parseOrThrow } from '../validation/parse';
import type { Actor } from './actor';
import { appendAudit } from './audit';
import { confirmCodeMapping, loadCodeMap } from './fhir-import-code-map';
import { fileOru } from './hl7-feed';
import { inWords } from './hl7-inbox';
import { writeTx } from './tx';

/**
 * Resolving a held lab-feed message in place (issue 19, item 4; docs/decisions/
 * 0038-hl7-admin-and-inbox.md): a nurse or physician assigns the registered patient
 * the results belong to and confirms what the lab's unmapped codes are (kept in the
 * shared code map, as Admin, Code map does), and the message is filed through the
 * feed's own path. ONE transaction: the mappings, the results with their audit events
 * and recomputed signals, the inbox row marked filed (who, when) and the assignment's
 * own audit event; anything refused leaves the database as it was.
 */

const authority = (): BundleOptions => {
  const a = process.env[ENV.authority]?.trim();
  return a ? { mrnAuthority: a } : {};
};

function mayResolve(actor: Actor): void {
  if (!can(actor, 'code-map:manage')) throw forbidden({ actor, permission: 'code-map:manage' });
  if (!can(actor, 'lab:import')) throw forbidden({ actor, permission: 'lab:import' });
}

/** The codes of a message the code map cannot place yet (with the catalog's candidates), as the FHIR preview offers them. */
function mappingsOf(text: string, options: BundleOptions): MappingRequest[] {
  try {
    const msg = readOru(text);
    const { bundle } = oruToBundle(msg, options);
    const db = getDb();
    return parseBundle(bundle, { catalog: db.select().from(assays).all(), codeMap: loadCodeMap(db), application: msg.header.sendingApplication }).mappings
      .filter((m) => m.domain === 'lab');
  } catch (e) {
    if (e instanceof Hl7Problem) return [];
    throw e;
  }
}

export interface InboxResolution {
  id: number; controlId: string; patientAsSent: string; problem: string;
  /** Whether the lab's MRN names a registered patient (else one must be assigned). */
  mrnKnown: boolean;
  mappings: MappingRequest[];
}

/** One open inbox message with what is needed to resolve it (a read: no audit of its own, the inbox list's view is). */
export function inboxResolution(actor: Actor, rawId: unknown): InboxResolution {
  mayResolve(actor);
  const id = parseOrThrow(idSchema('inbox message'), rawId, 'id');
  const row = getDb().select().from(hl7Inbox).where(and(eq(hl7Inbox.id, id), eq(hl7Inbox.status, 'open'))).get();
  if (!row) throw notFound('Open inbox message');
  let mrnKnown = false;
  try {
    const { mrn } = oruToBundle(readOru(row.rawText), authority());
    mrnKnown = getDb().select({ id: patients.id }).from(patients).where(and(sql`${patients.mrn} = ${mrn} collate nocase`, eq(patients.enteredInError, false))).get() !== undefined;
  } catch (e) {
    if (!(e instanceof Hl7Problem)) throw e;
  }
  return { id, controlId: row.controlId, patientAsSent: row.patientAsSent, problem: inWords(row.problem), mrnKnown, mappings: mappingsOf(row.rawText, authority()) };
}

const resolveSchema = z.object({
  id: idSchema('inbox message'),
  patientId: z.union([z.literal('').transform(() => undefined), idSchema('patient')]).optional(),
  mappings: z.array(z.object({ key: z.string().max(2000), target: z.string().max(100) }), { error: 'Choose what each code is.' }).max(50).default([]),
});

/**
 * Files a held message after assigning its patient and/or confirming its codes. Refused
 * in words, with nothing changed, when the message is not open, the patient is unknown,
 * a code is not one this message needs, or the message still cannot be filed.
 */
export function resolveInboxMessage(actor: Actor, input: unknown): { summary: string; patientId: number | null } {
  mayResolve(actor);
  const d = parseOrThrow(resolveSchema, input);
  return writeTx((tx) => {
    const row = tx.select().from(hl7Inbox).where(eq(hl7Inbox.id, d.id)).get();
    if (!row) throw notFound('Inbox message');
    if (row.status !== 'open') throw invalid(`This message was already ${row.status === 'filed' ? 'filed' : 'dismissed'}; nothing changed.`);
    const patient = d.patientId === undefined ? undefined : tx.select().from(patients).where(eq(patients.id, d.patientId)).get();
    if (d.patientId !== undefined && (!patient || patient.enteredInError)) throw invalid('Choose a registered patient from the search results.', { patientId: ['Unknown patient.'] });
    const options: BundleOptions = { ...authority(), ...(patient ? { assignedPatient: { mrn: patient.mrn, familyName: patient.familyName, givenName: patient.givenName, birthDate: patient.birthDate } } : {}) };
    const wanted = new Set(mappingsOf(row.rawText, options).map((m) => m.key));
    const confirmed: number[] = [];
    for (const m of d.mappings.filter((x) => x.target !== '')) {
      if (!wanted.has(m.key)) throw invalid('A code to map is not one this message needs (it may have been mapped a moment ago): reload the page.');
      confirmed.push(confirmCodeMapping(actor, { key: m.key, target: m.target }).id);
    }
    let outcome;
    try {
      outcome = fileOru(actor, readOru(row.rawText), row.rawText, options);
    } catch (e) {
      if (e instanceof Hl7Problem) throw invalid(`Still cannot be filed: ${e.message}`);
      throw e;
    }
    if (outcome.ack !== 'AA') throw invalid(`Still cannot be filed: ${(outcome.detail ?? outcome.text).replace(/^Nothing stored\.\s*/, '')}`.slice(0, 2000));
    const after = tx.select().from(hl7Inbox).where(eq(hl7Inbox.id, d.id)).get();
    if (after?.status !== 'filed') throw new Error(`inbox message ${d.id} was filed but not closed`);
    appendAudit(tx, actor, {
      action: 'hl7.inbox.resolved', entity: 'hl7-inbox', entityId: String(d.id), patientId: patient?.id ?? null,
      before: { status: 'open', patientAsSent: row.patientAsSent },
      after: { status: 'filed', controlId: row.controlId, assignedPatientId: patient?.id ?? null, codeMappings: confirmed, summary: outcome.text },
    });
    return { summary: outcome.text, patientId: patient?.id ?? null };
  });
}
