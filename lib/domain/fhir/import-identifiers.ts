/**
 * Identifiers a sender gives its resources (issue 18, item 4): kept so a re-sent
 * result is recognised and an amended one corrects the right row, and so the export
 * can send them back. Only identifiers with a system are used to match: two senders'
 * bare "12345" are not the same result.
 */
import { SYSTEM } from './codes';
import { isAccession } from './import-context';
import { asString, codeIn, objects, quote, reject } from './import-values';

export interface SenderId { system: string; value: string; typeCode: string | null }

const MAX = 200;

/**
 * The identifiers of a resource, except those `skip` says are stored elsewhere (the
 * MRN in Titerline's own system, accession numbers). Too long a system or value is
 * refused rather than cut: a shortened identifier would match another result.
 */
export function senderIdsOf(identifiers: unknown, skip: (i: Record<string, unknown>) => boolean): SenderId[] {
  const out: SenderId[] = [];
  for (const i of objects(identifiers)) {
    if (skip(i)) continue;
    const value = asString(i.value)?.trim();
    if (value === undefined) continue;
    const system = asString(i.system)?.trim() ?? '';
    if (value.length > MAX || system.length > MAX) reject(`Identifier ${quote(`${system}|${value}`)} is longer than ${MAX} characters.`);
    const typeCode = codeIn(i.type, SYSTEM.v2IdentifierType) ?? null;
    if (!out.some((o) => o.system === system && o.value === value)) out.push({ system, value, typeCode: typeCode && typeCode.length <= 20 ? typeCode : null });
  }
  return out;
}

/** A result's own identifiers: not its accession number (shared by every result of the specimen). */
export const observationIds = (identifiers: unknown): SenderId[] => senderIdsOf(identifiers, isAccession);

/** A patient's identifiers other than Titerline's own MRN system (that is the MRN column). */
export const patientIds = (identifiers: unknown): SenderId[] => senderIdsOf(identifiers, (i) => i.system === SYSTEM.mrn);

/** The identifiers that can match: those with a system. */
export const matchable = (ids: readonly SenderId[]): SenderId[] => ids.filter((i) => i.system !== '');

export const idText = (i: SenderId): string => `${i.system}|${i.value}`;
