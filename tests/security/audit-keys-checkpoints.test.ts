/**
 * Issue 20, item 3: carrying over a trail from before signing, key rotation, and when
 * checkpoints are written (every N events or seconds, at close, never for a rolled-back
 * event), with the optional syslog copy. Real SQLite files, key and checkpoint files.
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { appendAudit, startSigningTrail } from '@/lib/dal/audit';
import { resetSyslog, type CheckpointRecord } from '@/lib/dal/audit-checkpoint-file';
import { resetCheckpointPolicy, writeAuditCheckpoint } from '@/lib/dal/audit-checkpoint-writer';
import { AuditKeyError, appendKeyToFile, forgetAuditKeys, loadAuditKeyRing } from '@/lib/dal/audit-keys';
import { verifyAuditTrail } from '@/lib/dal/audit-trail';
import { writeTx } from '@/lib/dal/tx';
import { useTempDatabase } from '../setup/temp-db';
import { roleChanges, seedSignedTrail } from './signed-trail';
import { editAndRechain, rewriteAllUnsigned, withFile } from './audit-attacker';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor;
let nurse: Actor;
const keyFile = () => `${db.file}.audit-key`;
const checkpointsFile = () => `${db.file}.audit-checkpoints`;
const records = (): CheckpointRecord[] => fs.readFileSync(checkpointsFile(), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as CheckpointRecord);
const verify = () => verifyAuditTrail(getDb());
const lastId = () => getDb().$client.prepare('SELECT max(id) FROM audit_events').pluck().get() as number;
const keyIdOf = (id: number) => getDb().$client.prepare('SELECT key_id FROM audit_events WHERE id = ?').pluck().get(id) as string | null;
const tick = () => new Promise((r) => setImmediate(r));
/** A restart: the process's cached key ring and checkpoint state are dropped. */
const restart = () => {
  closeDb();
  forgetAuditKeys();
};

function events(n: number): void {
  roleChanges(admin, nurse, n);
}

beforeEach(async () => {
  forgetAuditKeys();
  db = useTempDatabase();
  ({ admin, nurse } = await seedSignedTrail()); // 40 events
});
afterEach(() => {
  for (const k of ['TITERLINE_AUDIT_CHECKPOINT_EVENTS', 'TITERLINE_AUDIT_CHECKPOINT_SECONDS', 'TITERLINE_AUDIT_SYSLOG', 'TITERLINE_AUDIT_KEY']) delete process.env[k];
  resetCheckpointPolicy();
  resetSyslog();
  db.dispose();
});

describe('a database from before signing (unsigned SHA-256 chain)', () => {
  beforeEach(() => {
    restart();
    rewriteAllUnsigned(db.file); // what an older version wrote: no key ids, plain SHA-256
    fs.rmSync(keyFile());
    fs.rmSync(checkpointsFile());
  });

  it('is checked as before and then signed from an anchor event that pins it', async () => {
    expect(verify().problems[0]).toMatch(/None of the 40 events is signed .*npm run db:migrate does it at once/);
    expect(startSigningTrail()).toBe(true); // npm run db:migrate
    expect(startSigningTrail()).toBe(false);
    events(3);
    await tick();
    const anchor = getDb().$client.prepare('SELECT * FROM audit_events WHERE id = 41').get() as { action: string; after_json: string; prev_hash: string; key_id: string };
    expect(anchor.action).toBe('audit.signing-started');
    expect(JSON.parse(anchor.after_json)).toMatchObject({ unsignedEvents: 40 });
    expect(keyIdOf(40)).toBeNull();
    expect(keyIdOf(44)).toBe(anchor.key_id);
    const r = verify();
    expect(r.problems).toEqual([]);
    expect(r.notes.join(' ')).toContain('Events 1-40 were written before the audit trail was signed; the signed event 41 that follows them pins them');
  });

  it('the first event the app writes signs it too (no migrate run)', async () => {
    events(1);
    await tick();
    expect(getDb().$client.prepare('SELECT action FROM audit_events WHERE id = 41').pluck().get()).toBe('audit.signing-started');
    expect(verify().status).toBe('intact');
  });

  it('rewriting an unsigned event and its SHA-256 chain is found at the anchor', () => {
    startSigningTrail();
    events(2);
    editAndRechain(db.file, 10, (p) => ({ ...p, afterJson: '{"role":"admin"}' }), { kind: 'unkeyed' }, 40);
    expect(verify().problems[0]).toMatch(/event 41 does not link to the event before it/);
    withFile(db.file, (raw) => raw.prepare('UPDATE audit_events SET prev_hash = (SELECT hash FROM audit_events WHERE id = 40) WHERE id = 41').run());
    expect(verify().problems[0]).toMatch(/event 41 does not match its signature/);
  });
});

describe('key rotation', () => {
  it('a new key signs from an event on; the old key still verifies its events; removing it is named', () => {
    const oldId = keyIdOf(1)!;
    restart();
    const newId = appendKeyToFile(keyFile()); // npm run audit:rotate-key, then a restart
    events(5);
    expect(keyIdOf(40)).toBe(oldId);
    expect(keyIdOf(41)).toBe(newId);
    writeAuditCheckpoint(getDb());
    const r = verify();
    expect(r.problems).toEqual([]);
    expect(r.notes.join(' ')).toContain(`Signed with key ${oldId}: events 1-40; key ${newId} (current): events 41-45.`);

    // Someone "tidies up" the key file and drops the old key.
    const lines = fs.readFileSync(keyFile(), 'utf8').split('\n');
    const firstSecret = lines.findIndex((l) => l.trim() && !l.startsWith('#'));
    fs.writeFileSync(keyFile(), lines.filter((_, i) => i !== firstSecret).join('\n'));
    expect(verify().problems[0]).toMatch(new RegExp(`event 1 names audit key ${oldId}, which is not in the key ring .*put it back`));
  });

  it('two processes signing with different keys of the ring interleave and still verify', () => {
    restart();
    appendKeyToFile(keyFile());
    events(2);
    restart();
    // The other process still signs with the first key: swap the order (the last key signs).
    const secrets = fs.readFileSync(keyFile(), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    fs.writeFileSync(keyFile(), `${[...secrets].reverse().join('\n')}\n`);
    events(2);
    const r = verify();
    expect(r.status).toBe('intact');
    expect(r.notes.join(' ')).toMatch(/Signed with key (\w+) \(current\): events 1-40; key \w+: events 41-42; key \1 \(current\): events 43-44\./);
  });

  it('TITERLINE_AUDIT_KEY lists keys (the last signs); a short key is refused with what to do', () => {
    process.env.TITERLINE_AUDIT_KEY = `${'a'.repeat(40)}, ${'b'.repeat(40)}`;
    process.env.TITERLINE_AUDIT_KEY_FILE = keyFile(); // the old keys stay in the file
    try {
      const ring = loadAuditKeyRing(db.file, { create: false })!;
      expect(ring.byId.size).toBe(3);
      expect(ring.current.id).toBe([...ring.byId.keys()].at(-1));
      process.env.TITERLINE_AUDIT_KEY = 'short';
      expect(() => loadAuditKeyRing(db.file, { create: false })).toThrow(AuditKeyError);
      expect(() => loadAuditKeyRing(db.file, { create: false })).toThrow(/at least 32 .*openssl rand -base64 32/);
    } finally {
      delete process.env.TITERLINE_AUDIT_KEY_FILE;
    }
  });
});

describe('when checkpoints are written', () => {
  it('the first one at once, then every N events on a later turn, from what is committed', async () => {
    process.env.TITERLINE_AUDIT_CHECKPOINT_EVENTS = '5';
    resetCheckpointPolicy();
    await tick();
    expect(records().at(-1)!.events).toBe(1); // the trail's first event got its checkpoint at once
    restart(); // closing the database checkpoints what this process wrote
    expect(records().at(-1)!.events).toBe(40);
    events(4);
    await tick();
    expect(records().at(-1)!.events).toBe(40);
    events(1);
    expect(records().at(-1)!.events).toBe(40); // not inside the write
    await tick();
    expect(records().at(-1)).toMatchObject({ kind: 'checkpoint', events: 45 });
    // Events of a transaction that rolls back are never checkpointed.
    for (let i = 0; i < 5; i++) {
      expect(() => writeTx((tx) => {
        appendAudit(tx, null, { action: 'test.rolled-back', entity: 'test' });
        throw new Error('rolled back');
      })).toThrow('rolled back');
    }
    await tick();
    expect(lastId()).toBe(45);
    expect(Math.max(...records().map((r) => r.events))).toBe(45);
  });

  it('or SECONDS after the first event not yet covered, and when the database is closed', async () => {
    process.env.TITERLINE_AUDIT_CHECKPOINT_SECONDS = '1';
    resetCheckpointPolicy();
    restart();
    events(1);
    await tick();
    expect(records().at(-1)!.events).toBeLessThan(41);
    await new Promise((r) => setTimeout(r, 1300));
    expect(records().at(-1)!.events).toBe(41);
    events(2);
    closeDb(); // a command-line write ends
    expect(records().at(-1)!.events).toBe(43);
    expect(verify().status).toBe('intact');
  });

  it('TITERLINE_AUDIT_SYSLOG=udp://host:port sends each checkpoint as an RFC 5424 message', async () => {
    const server = dgram.createSocket('udp4');
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    const received = new Promise<string>((r) => server.once('message', (m) => r(m.toString('utf8'))));
    process.env.TITERLINE_AUDIT_SYSLOG = `udp://127.0.0.1:${server.address().port}`;
    resetSyslog();
    events(1);
    writeAuditCheckpoint(getDb());
    const message = await received;
    server.close();
    expect(message).toMatch(/^<110>1 \d{4}-\d\d-\d\dT\S+ \S+ titerline \d+ audit-checkpoint - \{/);
    expect(message.endsWith(fs.readFileSync(checkpointsFile(), 'utf8').trimEnd().split('\n').at(-1)!)).toBe(true);
  });
});
