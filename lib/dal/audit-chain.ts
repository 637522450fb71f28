import { hash } from 'node:crypto';

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

/** The hash the first event chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over the previous hash and the event's fields in a fixed order, so that
 * changing, removing or reordering any row breaks every hash after it.
 */
export function hashAuditEvent(prevHash: string, e: AuditPayload): string {
  const canonical = JSON.stringify([
    prevHash,
    e.at,
    e.userId,
    e.userEmail,
    e.role,
    e.origin,
    e.action,
    e.entity,
    e.entityId,
    e.patientId,
    e.beforeJson,
    e.afterJson,
    e.reason,
  ]);
  // One-shot hash (Node >= 20.12): the same digest as createHash().update().digest(), without a Hash object per event.
  return hash('sha256', canonical, 'hex');
}
