import { createHmac, hash, type KeyObject } from 'node:crypto';

/** The fields of an audit event that the hash covers (everything but id and hashes). */
export interface AuditPayload {
  at: string;
  userId: number | null;
  userEmail: string | null;
  role: string | null;
  origin: string;
  action: string;
  entity: string;
  entityId: string | null;
  patientId: number | null;
  beforeJson: string | null;
  afterJson: string | null;
  reason: string | null;
}

/** A signing key of the audit trail: its fingerprint (stored with each event) and the secret. */
export interface AuditKey {
  id: string;
  key: KeyObject;
}

/** The hash the first event chains to. */
export const GENESIS_HASH = '0'.repeat(64);

function fields(e: AuditPayload): unknown[] {
  return [e.at, e.userId, e.userEmail, e.role, e.origin, e.action, e.entity, e.entityId, e.patientId, e.beforeJson, e.afterJson, e.reason];
}

/**
 * The unkeyed SHA-256 of events written before the chain was signed (key_id NULL).
 * Anyone can recompute it, so on its own it only shows accidents, not tampering: the
 * signed event that follows the last of them pins them (docs/decisions/0002).
 */
export function hashAuditEvent(prevHash: string, e: AuditPayload): string {
  // One-shot hash (Node >= 20.12): the same digest as createHash().update().digest(), without a Hash object per event.
  return hash('sha256', JSON.stringify([prevHash, ...fields(e)]), 'hex');
}

/**
 * HMAC-SHA256 under an audit key kept outside the database, over the key's id, the
 * previous event's hash and the event's fields in a fixed order: changing, removing or
 * reordering any row breaks every hash after it, and only a holder of the key can
 * compute a hash that verifies. Costs about what the plain SHA-256 did (a few µs).
 */
export function signAuditEvent(key: AuditKey, prevHash: string, e: AuditPayload): string {
  return createHmac('sha256', key.key).update(JSON.stringify(['titerline-audit-v2', key.id, prevHash, ...fields(e)])).digest('hex');
}
