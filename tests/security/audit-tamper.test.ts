/**
 * Issue 20, item 3: someone who can write the database file (triggers dropped) must not
 * be able to rewrite the audit trail unnoticed. Each scenario runs on a real SQLite file
 * with the real key file and checkpoint file beside it, through verifyAuditTrail (what
 * `npm run audit:verify` prints; the exit codes are tested in audit-verify-cli.test.ts).
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { writeAuditCheckpoint } from '@/lib/dal/audit-checkpoint-writer';
import { forgetAuditKeys } from '@/lib/dal/audit-keys';
import { verifyAuditTrail } from '@/lib/dal/audit-trail';
import { useTempDatabase } from '../setup/temp-db';
import { roleChanges, seedSignedTrail } from './signed-trail';
import { attackerKey, deleteLast, editAndRechain, rewriteAllUnsigned, withFile } from './audit-attacker';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor;
let nurse: Actor;
const keyFile = () => `${db.file}.audit-key`;
const checkpoints = () => `${db.file}.audit-checkpoints`;
const verify = () => verifyAuditTrail(getDb());
const lastId = () => (getDb().$client.prepare('SELECT max(id) AS m FROM audit_events').get() as { m: number }).m;

function events(n: number): void {
  roleChanges(admin, nurse, n);
}

beforeEach(async () => {
  forgetAuditKeys();
  db = useTempDatabase();
  ({ admin, nurse } = await seedSignedTrail()); // 40 events
  writeAuditCheckpoint(getDb()); // the server's periodic checkpoint
});
afterEach(() => db.dispose());

describe('an untouched trail', () => {
  it('verifies: every event signed with the key beside the database, the checkpoint agrees', () => {
    expect(lastId()).toBe(40);
    const r = verify();
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ status: 'intact', events: 40 });
    expect(r.checkpoints).toBeGreaterThanOrEqual(1);
    expect(fs.statSync(keyFile()).mode & 0o077).toBe(0); // readable by its owner only
    const keyIds = getDb().$client.prepare('SELECT DISTINCT key_id FROM audit_events').pluck().all();
    expect(keyIds).toHaveLength(1);
    expect(keyIds[0]).toMatch(/^[0-9a-f]{12}$/);
    expect(fs.readFileSync(keyFile(), 'utf8')).not.toContain(String(keyIds[0])); // the id is a fingerprint, not the secret
  });
});

describe('someone who can write the database file, triggers dropped', () => {
  it('deletes the last 25 events: the trail is shorter than its latest checkpoint', () => {
    deleteLast(db.file, 25);
    const r = verify();
    expect(r.status).toBe('problem');
    expect(r.problems.join(' ')).toMatch(/ends at event 15, but the checkpoint of .* had reached event 40: events 16-40 are missing/);
    expect(r.problems.join(' ')).toMatch(/or the newest events were deleted/);
  });

  it('deletes the last 25 events and lets the app write on: the new events contradict the checkpoint', () => {
    deleteLast(db.file, 25);
    events(30);
    expect(lastId()).toBe(45);
    const r = verify();
    expect(r.status).toBe('problem');
    expect(r.problems.join(' ')).toMatch(/Event 40 is not the event the checkpoint of .* recorded .*: the trail was rewritten/);
  });

  it('edits an event and recomputes the unkeyed SHA-256 chain after it', () => {
    editAndRechain(db.file, 20, (p) => ({ ...p, afterJson: '{"role":"admin"}' }), { kind: 'unkeyed' });
    const r = verify();
    expect(r.status).toBe('problem');
    expect(r.problems[0]).toMatch(/event 20 is not signed although every event since 1 is/);
  });

  it('rewrites the whole trail as unsigned events with a fresh SHA-256 chain', () => {
    rewriteAllUnsigned(db.file, (p) => p);
    const r = verify();
    expect(r.status).toBe('problem');
    expect(r.problems.join(' ')).toMatch(/None of the 40 events is signed/);
    expect(r.problems.join(' ')).toMatch(/Event \d+ is not the event the checkpoint of .* the trail was rewritten/);
  });

  it('edits an event and re-signs the chain with a key of their own', () => {
    editAndRechain(db.file, 20, (p) => ({ ...p, reason: 'nothing happened' }), { kind: 'key', key: attackerKey() });
    expect(verify().problems[0]).toMatch(/event 20 names audit key [0-9a-f]{12}, which is not in the key ring .* the event was forged/);
  });

  it('edits an event and re-signs it with their own key under the real key id', () => {
    const realId = getDb().$client.prepare('SELECT key_id FROM audit_events WHERE id = 1').pluck().get() as string;
    editAndRechain(db.file, 20, (p) => ({ ...p, userEmail: 'someone-else@clinic.test' }), { kind: 'key', key: attackerKey(realId) });
    expect(verify().problems[0]).toMatch(/event 20 does not match its signature/);
  });

  it('truncates the trail to nothing', () => {
    withFile(db.file, (raw) => raw.exec('DELETE FROM audit_events'));
    const r = verify();
    expect(r.status).toBe('problem');
    expect(r.problems.join(' ')).toMatch(/ends at event 0, but the checkpoint .* had reached event 40: events 1-40 are missing/);
  });

  it('deletes one event in the middle', () => {
    withFile(db.file, (raw) => raw.prepare('DELETE FROM audit_events WHERE id BETWEEN 10 AND 12').run());
    expect(verify().problems[0]).toMatch(/events 10-12 are missing \(deleted\)/);
  });
});

describe('keys', () => {
  it('a different key in the key file (wrong key) is told apart from tampering by name', () => {
    closeDb();
    forgetAuditKeys();
    fs.writeFileSync(keyFile(), `${attackerKey().id}-${'x'.repeat(40)}\n`);
    const r = verify();
    expect(r.status).toBe('problem');
    expect(r.problems[0]).toMatch(/event 1 names audit key [0-9a-f]{12}, which is not in the key ring .*if an old key was removed after a rotation, put it back/);
  });

  it('no key at all: the trail cannot be checked (not "intact")', () => {
    fs.rmSync(keyFile());
    const r = verify();
    expect(r.status).toBe('cannot-check');
    expect(r.problems[0]).toMatch(/No audit key is available .*Run the check with the same TITERLINE_AUDIT_KEY or TITERLINE_AUDIT_KEY_FILE as the app/);
  });

  it('a configured key file that does not exist stops with a message naming it', () => {
    process.env.TITERLINE_AUDIT_KEY_FILE = '/nonexistent/titerline/key';
    try {
      const r = verify();
      expect(r.status).toBe('cannot-check');
      expect(r.problems[0]).toContain('TITERLINE_AUDIT_KEY_FILE names /nonexistent/titerline/key, which does not exist');
    } finally {
      delete process.env.TITERLINE_AUDIT_KEY_FILE;
    }
  });
});

describe('the checkpoint file', () => {
  const lines = () => fs.readFileSync(checkpoints(), 'utf8').trimEnd().split('\n');

  it('lowering a checkpoint to hide a deletion breaks its signature', () => {
    deleteLast(db.file, 25);
    fs.writeFileSync(checkpoints(), `${lines().map((l) => l.replace(/"events":40/, '"events":15')).join('\n')}\n`);
    const r = verify();
    expect(r.status).toBe('problem');
    expect(r.problems.join(' ')).toMatch(/The checkpoint file .* was tampered with: line \d+ of the checkpoint file does not match its signature/);
  });

  it('a forged line, signed with another key, and a line of garbage are both reported', () => {
    const forged = JSON.parse(lines().at(-1)!) as Record<string, unknown>;
    fs.appendFileSync(checkpoints(), `${JSON.stringify({ ...forged, keyId: attackerKey().id })}\nnot a checkpoint\n`);
    const text = verify().problems.join(' ');
    expect(text).toMatch(/signed with audit key [0-9a-f]{12}, which is not in the key ring/);
    expect(text).toMatch(/is not a checkpoint \(altered or inserted\)/);
  });

  it('a missing checkpoint file is reported: removal of the newest events cannot be ruled out', () => {
    fs.rmSync(checkpoints());
    expect(verify().problems.join(' ')).toMatch(/The checkpoint file .* is missing/);
  });

  it('a last line cut short by a crash is noted, not reported as tampering', () => {
    fs.appendFileSync(checkpoints(), '{"v":1,"at":"2026-');
    const r = verify();
    expect(r.status).toBe('intact');
    expect(r.notes.join(' ')).toMatch(/cut short/);
  });
});
