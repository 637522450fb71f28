import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { GENESIS_HASH, signAuditEvent, type AuditPayload } from './audit-chain';
import { noteAuditAppend } from './audit-checkpoint-writer';
import { auditKeyRing } from './audit-keys';
import type { Origin } from './actor';
import { positionalInsert, preparedPerConnection } from './prepared';
import { writeTx } from './tx';

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
  db,
  last: db.$client.prepare('SELECT id, hash, key_id AS keyId FROM audit_events ORDER BY id DESC LIMIT 1'),
  insert: positionalInsert(db, db.insert(auditEvents).values({
    at: p('at'), userId: p('userId'), userEmail: p('userEmail'), role: p('role'), origin: p('origin'), action: p('action'), entity: p('entity'),
    entityId: p('entityId'), patientId: p('patientId'), beforeJson: p('beforeJson'), afterJson: p('afterJson'), reason: p('reason'), prevHash: p('prevHash'), hash: p('hash'),
    keyId: p('keyId'),
  }).toSQL()),
  // Read once per connection (and cached per process): a rotation takes effect at the next start.
  key: auditKeyRing(db.$client.name).current,
}));

type AuditRow = AuditPayload & { prevHash: string; hash: string; keyId: string };

type Statements = ReturnType<typeof statements>;
interface LastEvent { id: number; hash: string; keyId: string | null }

/** Inserts one event chained to `prevHash`, signed with the current audit key; returns its hash. */
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
  const hash = signAuditEvent(s.key, prevHash, payload);
  s.insert({ ...payload, prevHash, hash, keyId: s.key.id } satisfies AuditRow);
  return hash;
}

/**
 * The first signed event after events written before signing (a database from an older
 * version): it records where signing starts, and its signature covers the last
 * unsigned event's hash, so the unsigned part can no longer be rewritten unnoticed.
 */
function insertSigningAnchor(s: Statements, last: LastEvent): string {
  return insertEvent(s, last.hash, null, {
    action: 'audit.signing-started', entity: 'audit_events',
    after: { unsignedEvents: last.id, unsignedHead: last.hash, keyId: s.key.id },
    reason: `Audit events are signed with the audit key from here on; events 1-${last.id} were written before signing.`,
  });
}

/**
 * Appends one event to the signed hash chain. Must run inside the write transaction of
 * the change it records (an IMMEDIATE transaction, so no other writer can slip in
 * between reading the last hash and inserting). `_tx` is that transaction: the
 * statements are prepared once on the same connection (lib/dal/prepared.ts), so they
 * run inside it. A checkpoint of the trail follows later, outside the transaction
 * (lib/dal/audit-checkpoint-writer.ts).
 */
export function appendAudit(_tx: Tx, actor: AuditActor | null, input: AuditInput): void {
  const s = statements();
  const last = s.last.get() as LastEvent | undefined;
  let prev = last?.hash ?? GENESIS_HASH;
  if (last && last.keyId === null) prev = insertSigningAnchor(s, last);
  insertEvent(s, prev, actor, input);
  noteAuditAppend(s.db);
}

/**
 * Starts signing a trail whose events are all unsigned (run by `npm run db:migrate`, so
 * an upgraded database is signed from its first start). True when it wrote the anchor.
 */
export function startSigningTrail(): boolean {
  return writeTx(() => {
    const s = statements();
    const last = s.last.get() as LastEvent | undefined;
    if (!last || last.keyId !== null) return false;
    insertSigningAnchor(s, last);
    noteAuditAppend(s.db);
    return true;
  });
}

/** Number of audit events (tests compare it before and after a refused call). */
export function countAuditEvents(db: Db): number {
  return db.select({ n: sql<number>`count(*)` }).from(auditEvents).get()?.n ?? 0;
}

export { verifyAuditChain, type ChainReport } from './audit-verify';
