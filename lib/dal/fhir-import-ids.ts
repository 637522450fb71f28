import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { senderIdentifiers, type SenderIdentifier } from '@/db/schema';
import { idText, matchable, type SenderId } from '../domain/fhir/import-identifiers';
import { quote, reject } from '../domain/fhir/import-values';
import type { Tx } from './tx';

type Resource = SenderIdentifier['resource'];
type Entity = SenderIdentifier['entity'];

/** The stored links of these identifiers (only those with a system match anything). */
export function findByIdentifiers(tx: Pick<Tx, 'select'>, resource: Resource, ids: readonly SenderId[]): SenderIdentifier[] {
  const out: SenderIdentifier[] = [];
  for (const id of matchable(ids)) {
    out.push(...tx.select().from(senderIdentifiers).where(and(eq(senderIdentifiers.resource, resource), eq(senderIdentifiers.system, id.system), eq(senderIdentifiers.value, id.value))).all());
  }
  return out;
}

/**
 * Links a sender's identifiers to a Titerline row (issue 18, item 4), in the caller's
 * transaction. An identifier already linked to another row is refused: two records
 * never share a sender's identifier (another patient's MRN, another result's id).
 * Returns how many links were added.
 */
export function linkIdentifiers(tx: Tx, resource: Resource, target: { entity: Entity; entityId: number; patientId: number }, ids: readonly SenderId[]): number {
  let added = 0;
  const mine = tx.select().from(senderIdentifiers).where(and(eq(senderIdentifiers.entity, target.entity), eq(senderIdentifiers.entityId, target.entityId))).all();
  for (const id of ids) {
    if (mine.some((m) => m.system === id.system && m.value === id.value)) continue;
    const other = id.system ? findByIdentifiers(tx, resource, [id])[0] : undefined;
    if (other) {
      reject(other.patientId === target.patientId
        ? `Identifier ${quote(idText(id), 120)} already belongs to another ${resource === 'Patient' ? 'record' : 'result'} of this patient in Titerline.`
        : `Identifier ${quote(idText(id), 120)} already belongs to another patient in Titerline: refusing to attach it here.`);
    }
    tx.insert(senderIdentifiers).values({ resource, ...target, system: id.system, value: id.value, typeCode: id.typeCode, createdAt: new Date().toISOString() }).run();
    added++;
  }
  return added;
}

/** The identifiers kept for these rows (the export sends them back). */
export function identifiersOf(tx: Pick<Tx, 'select'>, entity: Entity, entityIds: readonly number[]): SenderIdentifier[] {
  if (entityIds.length === 0) return [];
  return tx.select().from(senderIdentifiers).where(and(eq(senderIdentifiers.entity, entity), inArray(senderIdentifiers.entityId, [...entityIds]))).all();
}
