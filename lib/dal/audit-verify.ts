import 'server-only';
import type { Db } from '@/db/client';
import { GENESIS_HASH, hashAuditEvent, signAuditEvent, type AuditPayload } from './audit-chain';
import { loadAuditKeyRing, type AuditKeyRing } from './audit-keys';

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  problem: string | null;
}

/** What walking the whole chain found, beyond ok/broken. */
export interface ChainWalk extends ChainReport {
  /** The last event's id and hash (of the rows read, whether or not they verified). */
  lastId: number;
  head: string | null;
  /** Events written before signing (key id NULL) at the start of the trail. */
  unsigned: number;
  /** Which key signed which events, in order. */
  keyRanges: { keyId: string; from: number; to: number }[];
  /** The hash of each event asked for in `wanted` that exists. */
  hashes: Map<number, string>;
  /** Signed events exist but no key ring was available to check them. */
  noKey: boolean;
}

function payloadOf(r: Record<string, unknown>): AuditPayload {
  return {
    at: r.at as string, userId: r.user_id as number | null, userEmail: r.user_email as string | null, role: r.role as string | null,
    origin: r.origin as string, action: r.action as string, entity: r.entity as string, entityId: r.entity_id as string | null,
    patientId: r.patient_id as number | null, beforeJson: r.before_json as string | null, afterJson: r.after_json as string | null, reason: r.reason as string | null,
  };
}

/** The key ring that verifies `db` (never creates one); null when none exists yet. */
export const verifyingRing = (db: Db): AuditKeyRing | null => loadAuditKeyRing(db.$client.name, { create: false });

/**
 * Walks the whole chain in id order and checks every event: its link to the event
 * before it, and its signature under the key it names (or, for the unsigned events of
 * an older version at the very start, their SHA-256). Stops at the first problem,
 * described in words an IT person can act on.
 */
export function walkAuditChain(db: Db, ring: AuditKeyRing | null, wanted: ReadonlySet<number> = new Set()): ChainWalk {
  const walk: ChainWalk = { ok: true, checked: 0, firstBrokenId: null, problem: null, lastId: 0, head: null, unsigned: 0, keyRanges: [], hashes: new Map(), noKey: false };
  const fail = (id: number, problem: string): ChainWalk => Object.assign(walk, { ok: false, firstBrokenId: id, problem });
  let prev = GENESIS_HASH;
  let prevId = 0;
  let firstSigned: number | null = null;
  for (const raw of db.$client.prepare('SELECT * FROM audit_events ORDER BY id').iterate()) {
    const r = raw as Record<string, unknown>;
    const id = r.id as number;
    const keyId = r.key_id as string | null;
    walk.lastId = id;
    walk.head = r.hash as string;
    if (r.prev_hash !== prev) {
      return fail(id, id > prevId + 1
        ? `events ${prevId + 1}-${id - 1} are missing (deleted)`
        : `event ${id} does not link to the event before it (events were removed, inserted or reordered)`);
    }
    if (keyId === null) {
      if (firstSigned !== null) return fail(id, `event ${id} is not signed although every event since ${firstSigned} is: it was changed or inserted by someone without the audit key`);
      if (hashAuditEvent(prev, payloadOf(r)) !== r.hash) return fail(id, `event ${id} was altered after it was written`);
      walk.unsigned++;
    } else {
      firstSigned ??= id;
      if (!ring) {
        walk.noKey = true;
        return fail(id, `event ${id} is signed with audit key ${keyId}, but no audit key is available here to check it`);
      }
      const key = ring.byId.get(keyId);
      if (!key) return fail(id, `event ${id} names audit key ${keyId}, which is not in the key ring (${ring.source}): if an old key was removed after a rotation, put it back; if no such key ever existed, the event was forged`);
      if (signAuditEvent(key, prev, payloadOf(r)) !== r.hash) return fail(id, `event ${id} does not match its signature: it was changed after it was written, or the key ${keyId} in the key ring is not the one that signed it`);
      const range = walk.keyRanges.at(-1);
      if (range?.keyId === keyId) range.to = id;
      else walk.keyRanges.push({ keyId, from: id, to: id });
    }
    if (wanted.has(id)) walk.hashes.set(id, r.hash as string);
    prev = r.hash as string;
    prevId = id;
    walk.checked++;
  }
  return walk;
}

/** The chain alone (no checkpoints): every link and signature. `ring` defaults to the database's own. */
export function verifyAuditChain(db: Db, ring: AuditKeyRing | null = verifyingRing(db)): ChainReport {
  const { ok, checked, firstBrokenId, problem } = walkAuditChain(db, ring);
  return { ok, checked, firstBrokenId, problem };
}
