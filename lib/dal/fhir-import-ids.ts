import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { senderIdentifiers, type SenderIdentifier } from '@/db/schema';
import { idText, matchable, type SenderId } from '../domain/fhir/import-identifiers';
import { quote, reject } from '../domain/fhir/import-values';
import { preparedPerConnection } from './prepared';
import type { Tx } from './tx';

type Resource = SenderIdentifier['resource'];
type Entity = SenderIdentifier['entity'];

const COLUMNS = 'id, resource, entity, entity_id AS entityId, patient_id AS patientId, system, value, type_code AS typeCode, created_at AS createdAt';

/** Prepared once per connection: an import asks them for every result it reads (lib/dal/prepared.ts). */
const statements = preparedPerConnection((db) => ({
  // "system <> ''" repeats the partial unique index's condition so SQLite uses the index (no scan per result).
  byKey: db.$client.prepare(`SELECT ${COLUMNS} FROM sender_identifiers WHERE resource = ? AND system = ? AND value = ? AND system <> ''`),
  byEntity: db.$client.prepare(`SELECT ${COLUMNS} FROM sender_identifiers WHERE entity = ? AND entity_id = ?`),
  insert: db.$client.prepare('INSERT INTO sender_identifiers (resource, entity, entity_id, patient_id, system, value, type_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
}));

/** The stored links of these identifiers (only those with a system match anything). Runs in the caller's transaction. */
export function findByIdentifiers(_tx: Pick<Tx, 'select'>, resource: Resource, ids: readonly SenderId[]): SenderIdentifier[] {
  const s = statements();
  return matchable(ids).flatMap((id) => s.byKey.all(resource, id.system, id.value) as SenderIdentifier[]);
}

/**
 * Links a sender's identifiers to a Titerline row (issue 18, item 4), in the caller's
 * transaction. An identifier already linked to another row is refused: two records
 * never share a sender's identifier (another patient's MRN, another result's id).
 * Returns how many links were added.
 */
export function linkIdentifiers(tx: Tx, resource: Resource, target: { entity: Entity; entityId: number; patientId: number }, ids: readonly SenderId[]): number {
  if (ids.length === 0) return 0;
  const s = statements();
  let added = 0;
  const mine = s.byEntity.all(target.entity, target.entityId) as SenderIdentifier[];
  for (const id of ids) {
    if (mine.some((m) => m.system === id.system && m.value === id.value)) continue;
    const other = id.system ? findByIdentifiers(tx, resource, [id])[0] : undefined;
    if (other) {
      reject(other.patientId === target.patientId
        ? `Identifier ${quote(idText(id), 120)} already belongs to another ${resource === 'Patient' ? 'record' : 'result'} of this patient in Titerline.`
        : `Identifier ${quote(idText(id), 120)} already belongs to another patient in Titerline: refusing to attach it here.`);
    }
    s.insert.run(resource, target.entity, target.entityId, target.patientId, id.system, id.value, id.typeCode, new Date().toISOString());
    added++;
  }
  return added;
}

/** The identifiers kept for these rows, in the caller's transaction (the export sends them back). */
export function identifiersOf(tx: Pick<Tx, 'select'>, entity: Entity, entityIds: readonly number[]): SenderIdentifier[] {
  if (entityIds.length === 0) return [];
  return tx.select().from(senderIdentifiers).where(and(eq(senderIdentifiers.entity, entity), inArray(senderIdentifiers.entityId, [...entityIds]))).all();
}
