/**
 * Sessions (issue 20, item 8):
 * - `/api/auth/session` with the cookie of a session that was signed out (or ended
 *   otherwise) answered with the user's name and email from the token; it must answer
 *   `{}` once the server-side session row has ended, and clear the cookie;
 * - with a 1-minute idle limit a session ended after 35 s idle, because activity was
 *   written only once a minute and idleness was judged from that stale time. A session
 *   must never end before the limit (and end soon after it).
 * Run through next-auth's own handler with the app's options (next-auth-core.ts) and
 * lib/dal/auth on a real database file.
 */
import './next-als';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { authenticate, idleExpired, resolveSession, touchIntervalMs } from '@/lib/dal/auth';
import { setUserActive } from '@/lib/dal/users';
import { makeActor, TEST_PASSWORD } from '../setup/actors';
import { useTempDatabase } from '../setup/temp-db';
import { SECRET, ORIGIN } from './harness';
import { authRequest, SESSION_COOKIE, signInThroughNextAuth } from './next-auth-core';

const MIN = 60_000;
let db: ReturnType<typeof useTempDatabase>;

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = SECRET;
  process.env.NEXTAUTH_URL = ORIGIN;
  db = useTempDatabase();
});
afterAll(() => db.dispose());
afterEach(() => {
  delete process.env.TITERLINE_IDLE_MINUTES;
});

const session = (cookie: string) => authRequest('/api/auth/session', { cookies: { [SESSION_COOKIE]: cookie } });
const lastSeen = (sid: string) => (getDb().$client.prepare('SELECT last_seen_at AS t FROM auth_sessions WHERE id = ?').get(sid) as { t: number }).t;

describe('/api/auth/session follows the server-side session', () => {
  it('names the user while the session is live, and answers {} (clearing the cookie) once it is signed out', async () => {
    const user = await makeActor('nurse', 'signed-out@clinic.test');
    const { cookie } = await signInThroughNextAuth(user.email!, TEST_PASSWORD);
    expect(cookie).not.toBeNull();
    const live = await session(cookie!);
    expect(live.body).toMatchObject({ user: { email: 'signed-out@clinic.test', name: 'Test nurse' } });

    const csrf = await authRequest('/api/auth/csrf');
    const out = await authRequest('/api/auth/signout', {
      method: 'POST', cookies: { [SESSION_COOKIE]: cookie!, ...csrf.cookies }, form: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken },
    });
    expect(out.status).toBe(302);
    expect(getDb().$client.prepare("SELECT end_reason AS r FROM auth_sessions WHERE user_id = ?").get(user.userId)).toEqual({ r: 'signed out' });
    const after = await session(cookie!);
    expect(after.body).toEqual({});
    expect(JSON.stringify(after.body)).not.toContain('signed-out@clinic.test');
    // The stale cookie is cleared (an empty, expired value), not renewed.
    expect(after.cookies[SESSION_COOKIE] ?? '').toBe('');
  });

  it('answers {} for a deactivated user and for an idle-ended session too', async () => {
    const admin = await makeActor('admin', 'admin-s@clinic.test');
    const gone = await makeActor('physician', 'gone-s@clinic.test');
    const a = await signInThroughNextAuth(gone.email!, TEST_PASSWORD);
    setUserActive(admin, gone.userId!, false);
    expect((await session(a.cookie!)).body).toEqual({});

    process.env.TITERLINE_IDLE_MINUTES = '1';
    const idle = await makeActor('nurse', 'idle-s@clinic.test');
    const b = await signInThroughNextAuth(idle.email!, TEST_PASSWORD);
    getDb().$client.prepare('UPDATE auth_sessions SET last_seen_at = last_seen_at - ? WHERE user_id = ?').run(10 * MIN, idle.userId);
    expect((await session(b.cookie!)).body).toEqual({});
  });

  it('answers {} for a token naming no session at all', async () => {
    const { encode } = await import('next-auth/jwt');
    const forged = await encode({ token: { sid: 'no-such-session', email: 'someone@clinic.test', name: 'Someone' }, secret: SECRET });
    expect((await session(forged)).body).toEqual({});
  });
});

describe('idle limit: never early', () => {
  it('with a 1-minute limit, 35 s idle after activity at 50 s is not the end; 62 s idle is', async () => {
    process.env.TITERLINE_IDLE_MINUTES = '1';
    const user = await makeActor('nurse', 'short-idle@clinic.test');
    const r = await authenticate(user.email, TEST_PASSWORD, '192.0.2.1');
    if (!r.ok) throw new Error('sign-in failed');
    const t0 = lastSeen(r.sessionId);
    expect(resolveSession(r.sessionId, t0 + 50_000)).not.toBeNull();
    // The reported case: 35 s after the last activity.
    expect(resolveSession(r.sessionId, t0 + 85_000)).not.toBeNull();
    // 62 s after the last activity (at 85 s): over the minute and its 2-second margin.
    expect(resolveSession(r.sessionId, t0 + 85_000 + 62_001)).toBeNull();
  });

  it('for any pattern of activity and any limit, a session ends only after a gap longer than the limit, and within one touch interval of it', async () => {
    const user = await makeActor('nurse', 'idle-property@clinic.test');
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.constantFrom(1, 2), fc.integer({ min: 1, max: 60 })),
      // Gaps in thousandths of the limit: most under it, some just over, a few far over.
      fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 1000 }) }, fc.integer({ min: 1000, max: 1100 }), fc.integer({ min: 1000, max: 3000 })), { minLength: 1, maxLength: 8 }),
      async (minutes, permille) => {
        process.env.TITERLINE_IDLE_MINUTES = String(minutes);
        const idleMs = minutes * MIN;
        const gaps = permille.map((p) => Math.round((p * idleMs) / 1000));
        const r = await authenticate(user.email, TEST_PASSWORD, '192.0.2.2');
        if (!r.ok) throw new Error('sign-in failed');
        let t = lastSeen(r.sessionId);
        let lastActivity = t;
        for (const gap of gaps) {
          t += gap;
          const alive = resolveSession(r.sessionId, t) !== null;
          const idle = t - lastActivity;
          if (idle <= idleMs) expect(alive, `ended after ${idle} ms idle with a ${minutes}-minute limit`).toBe(true);
          if (idle > idleMs + touchIntervalMs(idleMs)) expect(alive, `alive after ${idle} ms idle`).toBe(false);
          if (!alive) break;
          lastActivity = t;
        }
      },
    ), { numRuns: 40 });
  });

  it('idleExpired never ends a session while its last possible activity is within the limit', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 24 * 60 }), fc.integer({ min: 0, max: 2000 }), (minutes, permille) => {
      const idleMs = minutes * MIN;
      const gap = Math.round((permille * idleMs) / 1000);
      if (idleExpired(0, gap, idleMs)) expect(gap - touchIntervalMs(idleMs)).toBeGreaterThan(idleMs);
      else expect(gap).toBeLessThanOrEqual(idleMs + touchIntervalMs(idleMs));
    }), { numRuns: 2000 });
  });
});
