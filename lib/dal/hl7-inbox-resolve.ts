import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { clinicTimeZone } from '../clinic-time';
import { assays, hl7Inbox, patients } from '@/db/schema';
import { parseBundle } from '../domain/fhir/import-bundle';
import type { MappingRequest } from '../domain/fhir/import-candidates';
import { forbidden, invalid, notFound } from '../errors';
import { ENV } from '../interop/hl7/config';
import { readOru } from '../interop/hl7/oru';
import { Hl7Problem } from '../interop/hl7/problem';
import { dayOf, mrnOf, oruToBundle, type BundleOptions } from '../interop/hl7/to-bundle';
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
    return parseBundle(bundle, { catalog: db.select().from(assays).all(), codeMap: loadCodeMap(db), application: msg.header.sendingApplication, timeZone: clinicTimeZone() }).mappings
      .filter((m) => m.domain === 'lab');
  } catch (e) {
    if (e instanceof Hl7Problem) return [];
    throw e;
  }
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase();

/**
 * How the patient the lab sent differs from the one chosen (birth date, family name, or
 * the lab's MRN registered to someone else), in words; empty when they agree. A
 * difference is not refused outright (a lab may misspell a name) but needs a second,
 * explicit confirmation with a reason, kept in the audit event: one misclick among
 * the search results must not file results into another person's record.
 */
function identityDifferences(tx: Pick<ReturnType<typeof getDb>, 'select'>, rawText: string, chosen: { id: number; familyName: string; birthDate: string }): string[] {
  let pid;
  try {
    pid = readOru(rawText).patient;
  } catch (e) {
    if (e instanceof Hl7Problem) return ['a patient whose details cannot be read'];
    throw e;
  }
  const out: string[] = [];
  const born = dayOf(pid.birthDate);
  if (born !== chosen.birthDate) out.push(`birth date ${born ?? 'missing'} (the chosen patient: ${chosen.birthDate})`);
  if (fold(pid.familyName) !== fold(chosen.familyName)) out.push(`family name "${pid.familyName.slice(0, 60)}" (the chosen patient: ${chosen.familyName})`);
  let mrn: string | null = null;
  try {
    mrn = mrnOf(pid, authority()).mrn;
  } catch (e) {
    if (!(e instanceof Hl7Problem)) throw e;
  }
  const owner = mrn === null ? undefined : tx.select({ id: patients.id, familyName: patients.familyName }).from(patients).where(sql`${patients.mrn} = ${mrn} collate nocase`).get();
  if (owner && owner.id !== chosen.id) out.push(`MRN ${mrn}, which is registered to another patient (${owner.familyName})`);
  return out;
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
  /** "These results belong to this patient" ticked, with why, when the lab's details differ from the chosen patient's. */
  identityConfirmed: z.union([z.literal('on'), z.literal('yes'), z.literal(true)]).optional().catch(undefined),
  identityReason: z.string().trim().max(500, { error: 'Keep the reason under 500 characters.' }).optional(),
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
    const mismatch = patient ? identityDifferences(tx, row.rawText, patient) : [];
    if (mismatch.length && !(d.identityConfirmed && (d.identityReason ?? '').length >= 5)) {
      const problem = `The laboratory sent ${mismatch.join('; ')}. If you are sure these results belong to ${patient!.familyName}, ${patient!.givenName} (born ${patient!.birthDate}), tick "These results belong to this patient" and say why (at least 5 characters).`;
      throw invalid(problem, { patientId: [problem] });
    }
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
      after: {
        status: 'filed', controlId: row.controlId, assignedPatientId: patient?.id ?? null, codeMappings: confirmed, summary: outcome.text,
        ...(mismatch.length ? { identityDifferences: mismatch, identityReason: d.identityReason } : {}),
      },
    });
    return { summary: outcome.text, patientId: patient?.id ?? null };
  });
}
