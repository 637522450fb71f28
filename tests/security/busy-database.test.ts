/**
 * A database whose write lock another process holds (an import, the other server):
 * writes wait for it, then are told to retry (503 + Retry-After, or the form's "nothing
 * was saved" message), never a 500; nothing is written; a sign-in with the right
 * password is not a failure and counts no failed attempt; reads and session checks do
 * not wait (issue 20, item 1; docs/decisions/0025-concurrent-load).
 */
import Database, { type SqliteConnection } from '@/db/sqlite-driver';
import { NextRequest } from 'next/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POST as postLabResult } from '@/app/api/v1/patients/[id]/lab-results/route';
import { getDb } from '@/db/client';
import { authSessions } from '@/db/schema';
import { errorState } from '@/lib/actions/form-state';
import { handle } from '@/lib/api/http';
import type { Actor } from '@/lib/dal/actor';
import { createApiToken } from '@/lib/dal/api-tokens';
import { authenticate, resolveSession } from '@/lib/dal/auth';
import { authOptions } from '@/lib/dal/auth-options';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { getPatient } from '@/lib/dal/patients';
import { AppError } from '@/lib/errors';
import { makeActor, TEST_PASSWORD } from '../setup/actors';
import { ckForm, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor;
let pid: number;
let token: string;
let other: SqliteConnection | null = null;

beforeEach(async () => {
  db = useTempDatabase();
  const admin = await makeActor('admin');
  physician = await makeActor('physician', 'doc@busy.test');
  pid = newPatient(physician, { mrn: 'MRN-BUSY' });
  token = createApiToken(admin, { name: 'lab feed', role: 'nurse' }).token;
  process.env.TITERLINE_WRITE_WAIT_SECONDS = '0.3';
});
afterEach(() => {
  release();
  delete process.env.TITERLINE_WRITE_WAIT_SECONDS;
  db.dispose();
});

/** Another process's long write: its own connection holding the write lock. */
function hold(): void {
  other = new Database(db.file);
  other.exec('BEGIN IMMEDIATE');
}
function release(): void {
  if (!other) return;
  other.exec('ROLLBACK');
  other.close();
  other = null;
}

const postCk = () => postLabResult(new NextRequest(`http://titerline.test/api/v1/patients/${pid}/lab-results`, {
  method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify({ kind: 'enzyme', analyte: 'ck', collectedOn: daysAgo(1), value: 950, unit: 'U/L', upperLimit: 200 }),
}), { params: Promise.resolve({ id: String(pid) }) });

const authorize = (authOptions.providers[0] as unknown as { options: { authorize: (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> } }).options.authorize;
const failedLogins = () => sqlite().prepare("SELECT failed_logins FROM users WHERE email = 'doc@busy.test'").pluck().get() as number;

describe('writes while another process holds the write lock', () => {
  it('an API write still held out after the wait: 503 with Retry-After and the busy message, nothing written', async () => {
    const before = tableCounts();
    hold();
    const res = await postCk();
    release();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({ error: { code: 'busy', message: 'The database is busy with a large import; nothing was saved, try again in a few seconds.' } });
    expect(tableCounts()).toEqual(before);
  });

  it('an API write that arrives during a shorter write waits for it and succeeds', async () => {
    process.env.TITERLINE_WRITE_WAIT_SECONDS = '5';
    hold();
    setTimeout(release, 300);
    const res = await postCk();
    expect(res.status).toBe(201);
    expect(sqlite().prepare('SELECT count(*) FROM enzyme_results WHERE patient_id = ?').pluck().get(pid)).toBe(1);
  });

  it('a write past the busy timeout is the busy error, which a form shows as "nothing was saved, try again"', () => {
    getDb().$client.pragma('busy_timeout = 200');
    const before = tableCounts();
    hold();
    let thrown: unknown;
    try {
      recordEnzymeResult(physician, pid, ckForm(daysAgo(2), 300, { upperLimit: '200' }));
    } catch (e) {
      thrown = e;
    }
    release();
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('busy');
    expect((thrown as AppError).status).toBe(503);
    expect(errorState(thrown)).toMatchObject({ status: 'error', message: 'The database is busy with a large import; nothing was saved, try again in a few seconds.' });
    expect(tableCounts()).toEqual(before);
  });

  it('a raw SQLITE_BUSY that reaches a route or a form is a 503 or the busy message, not a 500', async () => {
    const raw = new Database.SqliteError('database is locked', 'SQLITE_BUSY');
    const res = await handle(() => {
      throw raw;
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(errorState(raw).message).toMatch(/busy with a large import; nothing was saved/);
  });
});

describe('sign-in while another process holds the write lock', () => {
  it('the right password is not a failure: sign-in says busy, counts nothing, audits nothing; once free it signs in', async () => {
    const before = tableCounts();
    hold();
    await expect(authenticate('doc@busy.test', TEST_PASSWORD, '10.0.0.1')).rejects.toMatchObject({ code: 'busy' });
    // The sign-in page gets the code "busy" (its message: try again in a few seconds), not "invalid".
    await expect(authorize({ email: 'doc@busy.test', password: TEST_PASSWORD }, { headers: {} })).rejects.toThrow(/^busy$/);
    release();
    expect(tableCounts()).toEqual(before);
    expect(failedLogins()).toBe(0);
    expect(await authenticate('doc@busy.test', TEST_PASSWORD, '10.0.0.1')).toMatchObject({ ok: true });
  });

  it('a wrong password during the lock is not counted either; counted once after', async () => {
    hold();
    await expect(authenticate('doc@busy.test', 'wrong password entirely', '10.0.0.1')).rejects.toMatchObject({ code: 'busy' });
    release();
    expect(failedLogins()).toBe(0);
    expect(await authenticate('doc@busy.test', 'wrong password entirely', '10.0.0.1')).toEqual({ ok: false, reason: 'invalid' });
    expect(failedLogins()).toBe(1);
  });
});

describe('reads do not wait for the lock', () => {
  it('a record view and a session check answer at once; the session touch is skipped, not waited for', async () => {
    const r = await authenticate('doc@busy.test', TEST_PASSWORD, '10.0.0.1');
    if (!r.ok) throw new Error('sign-in failed');
    const past = Date.now() - 5 * 60_000;
    getDb().update(authSessions).set({ lastSeenAt: past }).run();
    hold();
    const t0 = performance.now();
    expect(resolveSession(r.sessionId)).toMatchObject({ userId: physician.userId });
    expect(getPatient(physician, pid).mrn).toBe('MRN-BUSY');
    // A write would wait its 5 s busy timeout here.
    expect(performance.now() - t0).toBeLessThan(2_000);
    release();
    expect(sqlite().prepare('SELECT last_seen_at FROM auth_sessions WHERE id = ?').pluck().get(r.sessionId)).toBe(past);
    expect(resolveSession(r.sessionId)).not.toBeNull();
    expect(sqlite().prepare('SELECT last_seen_at FROM auth_sessions WHERE id = ?').pluck().get(r.sessionId)).toBeGreaterThan(past);
  });
});
