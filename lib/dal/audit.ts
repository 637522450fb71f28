import 'server-only';
import { desc, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { GENESIS_HASH, hashAuditEvent, type AuditPayload } from './audit-chain';
import type { Origin } from './actor';
import { positionalInsert, preparedPerConnection } from './prepared';

/** Who the event is attributed to (an Actor fits; so does a failed sign-in's claimed email). */
export interface AuditActor {
  userId: number | null;
  email: string | null;
  role: string | null;
  origin: Origin;
}

type Tx = Pick<Db, 'select' | 'insert'>;

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | number | null;
  patientId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** When it happened, if not now: a read's event chained later from the journal keeps its own time (audit-journal.ts). */
  at?: string;
}

/** Keys never written to the audit trail. */
const SECRET_KEYS = new Set(['passwordHash', 'password', 'tokenHash']);

const SECRET_KEY_IN_JSON = /"(passwordHash|password|tokenHash)":/;

export function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  // A redacting replacer makes JSON.stringify several times slower, and almost no
  // event carries a secret key: serialise plainly, redo with the replacer only then.
  const plain = JSON.stringify(value);
  return SECRET_KEY_IN_JSON.test(plain) ? JSON.stringify(value, (k, v) => (SECRET_KEYS.has(k) ? '[redacted]' : v)) : plain;
}

const p = (name: string) => sql.placeholder(name);
const statements = preparedPerConnection((db) => ({
  lastHash: db.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).prepare(),
  insert: positionalInsert(db, db.insert(auditEvents).values({
    at: p('at'), userId: p('userId'), userEmail: p('userEmail'), role: p('role'), origin: p('origin'), action: p('action'), entity: p('entity'),
    entityId: p('entityId'), patientId: p('patientId'), beforeJson: p('beforeJson'), afterJson: p('afterJson'), reason: p('reason'), prevHash: p('prevHash'), hash: p('hash'),
  }).toSQL()),
}));

type AuditRow = AuditPayload & { prevHash: string; hash: string };

type Statements = ReturnType<typeof statements>;

/** Inserts one event chained to `prevHash`; returns its hash. */
function insertEvent(s: Statements, prevHash: string, actor: AuditActor | null, input: AuditInput): string {
  const payload: AuditPayload = {
    at: input.at ?? new Date().toISOString(),
    userId: actor?.userId ?? null,
    userEmail: actor?.email ?? null,
    role: actor?.role ?? null,
    origin: actor?.origin ?? 'system',
    action: input.action,
    entity: input.entity,
    entityId: input.entityId === undefined || input.entityId === null ? null : String(input.entityId),
    patientId: input.patientId ?? null,
    beforeJson: toJson(input.before),
    afterJson: toJson(input.after),
    reason: input.reason ?? null,
  };
  const hash = hashAuditEvent(prevHash, payload);
  s.insert({ ...payload, prevHash, hash } satisfies AuditRow);
  return hash;
}

/**
 * Appends one event to the hash chain. Must run inside the write transaction of the
 * change it records (an IMMEDIATE transaction, so no other writer can slip in between
 * reading the last hash and inserting). `_tx` is that transaction: the statements are
 * prepared once on the same connection (lib/dal/prepared.ts), so they run inside it.
 */
export function appendAudit(_tx: Tx, actor: AuditActor | null, input: AuditInput): void {
  const s = statements();
  insertEvent(s, s.lastHash.get()?.hash ?? GENESIS_HASH, actor, input);
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  problem: string | null;
}

/** Walks the whole chain in id order and recomputes every hash. */
export function verifyAuditChain(db: Db): ChainReport {
  const stmt = db.$client.prepare('SELECT * FROM audit_events ORDER BY id');
  let prev = GENESIS_HASH;
  let checked = 0;
  for (const raw of stmt.iterate()) {
    const r = raw as Record<string, unknown>;
    const payload: AuditPayload = {
      at: r.at as string,
      userId: r.user_id as number | null,
      userEmail: r.user_email as string | null,
      role: r.role as string | null,
      origin: r.origin as string,
      action: r.action as string,
      entity: r.entity as string,
      entityId: r.entity_id as string | null,
      patientId: r.patient_id as number | null,
      beforeJson: r.before_json as string | null,
      afterJson: r.after_json as string | null,
      reason: r.reason as string | null,
    };
    const id = r.id as number;
    if (r.prev_hash !== prev) return { ok: false, checked, firstBrokenId: id, problem: `event ${id} does not chain to the event before it` };
    if (hashAuditEvent(prev, payload) !== r.hash) return { ok: false, checked, firstBrokenId: id, problem: `event ${id} was altered after it was written` };
    prev = r.hash as string;
    checked++;
  }
  return { ok: true, checked, firstBrokenId: null, problem: null };
}

/** Number of audit events (tests compare it before and after a refused call). */
export function countAuditEvents(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(auditEvents).get()?.n ?? 0;
}
