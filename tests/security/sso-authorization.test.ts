/**
 * The authorization matrix for callers signed in through single sign-on (issue 21: "the
 * security matrix runs for SSO users too"). Each role gets a session the OIDC path made
 * (completeSsoSignIn: provisioned by a group rule, no usable password), with a real
 * next-auth JWT naming it; every registered server action and every cookie-authenticated
 * route is then called as that caller, exactly as tests/security/authorization.test.ts
 * calls the password callers, and must be allowed or refused as architecture.md says.
 */
import './next-als';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { encode } from 'next-auth/jwt';
import { getDb } from '@/db/client';
import { resetRefusalThrottle } from '@/lib/dal/refusals';
import { completeSsoSignIn } from '@/lib/dal/sso';
import { SSO_ONLY_PREFIX } from '@/lib/dal/sso-decision';
import { ROLES, type Role } from '@/lib/permissions';
import { ACTIONS, ROUTES } from './registry';
import { FORBIDDEN_MESSAGE, SECRET, callAction, callRoute, dbState, errorCodeOf, expectedAllowed, expectUnchanged, lastAuditEventId, refusalsSince, toFormData, type Caller } from './harness';
import { worldForThisFile } from './world';

vi.mock('next/headers', async () => (await import('./cookie-jar')).nextHeadersMock());
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const ENV = {
  TITERLINE_OIDC_ISSUER: 'https://login.clinic.example/realms/hospital',
  TITERLINE_OIDC_CLIENT_ID: 'titerline',
  TITERLINE_OIDC_CLIENT_SECRET: 'secret',
  TITERLINE_OIDC_ROLE_RULES: 'g-admin=admin, g-physician=physician, g-nurse=nurse, g-reviewer=reviewer',
};
const world = worldForThisFile();
const callers = {} as Record<Role, Caller>;
const emailOf = (role: Role) => `sso-${role}@clinic.test`;

beforeAll(async () => {
  Object.assign(process.env, ENV);
  try {
    for (const role of ROLES) {
      const r = await completeSsoSignIn({ sub: `hospital-${role}`, email: emailOf(role), emailVerified: true, groups: ['staff', `g-${role}`] }, '10.3.3.3');
      if (!r.ok) throw new Error(`single sign-on refused the ${role}: ${r.why}`);
      const cookie = await encode({ token: { sid: r.sessionId, sub: String(r.userId), email: r.email, name: r.name }, secret: SECRET });
      callers[role] = { name: role, role, cookie, token: null };
    }
  } finally {
    for (const k of Object.keys(ENV)) delete process.env[k];
  }
});

/** The refusal was recorded once, naming the single sign-on caller. */
function expectRefusalOf(mark: number, role: Role, permission: string, via: string, label: string): void {
  const events = refusalsSince(mark);
  expect(events, `${label}: one refused-attempt event`).toHaveLength(1);
  expect(events[0], label).toMatchObject({ role, permission, via, count: 1, userEmail: emailOf(role) });
}

describe('single sign-on callers', () => {
  it('are accounts the provider made: linked to a subject, no usable password', () => {
    for (const role of ROLES) {
      const u = getDb().$client.prepare('SELECT role, oidc_subject, password_hash FROM users WHERE email = ?').get(emailOf(role)) as { role: string; oidc_subject: string; password_hash: string };
      expect(u).toMatchObject({ role, oidc_subject: `hospital-${role}` });
      expect(u.password_hash.startsWith(SSO_ONLY_PREFIX)).toBe(true);
    }
  });
});

describe('server actions as single sign-on callers: allowed or refused exactly per architecture.md', () => {
  for (const entry of ACTIONS) {
    for (const variant of entry.variants) {
      it(`${entry.name} (${variant.label}) needs ${entry.needs}`, async () => {
        for (const role of ROLES) {
          const caller = callers[role];
          const fd = toFormData(variant.valid(world.fx));
          const before = dbState();
          resetRefusalThrottle();
          const mark = lastAuditEventId();
          const out = await callAction(entry.run, caller, fd);
          const label = `${entry.name} (${variant.label}) as a ${role} by single sign-on`;
          if (expectedAllowed(entry.needs, caller)) {
            expect(out.kind === 'redirect' || (out.kind === 'state' && out.status === 'ok'), `${label} should succeed: ${JSON.stringify(out)}`).toBe(true);
            if (entry.writes) expect(dbState().audit.events, `${label} wrote nothing`).toBeGreaterThan(before.audit.events);
          } else {
            expect(out, label).toEqual(entry.needs === 'first-run' ? { kind: 'state', status: 'error', message: 'Setup not found.' } : { kind: 'state', status: 'error', message: FORBIDDEN_MESSAGE });
            expectUnchanged(before, label);
            if (entry.needs !== 'first-run' && entry.needs !== 'public') expectRefusalOf(mark, role, entry.needs, 'form', label);
          }
        }
      });
    }
  }
});

describe('routes with the session cookie of a single sign-on caller', () => {
  for (const entry of ROUTES.filter((r) => r.auth === 'api' || r.auth === 'session')) {
    it(`${entry.method} ${entry.file} needs ${entry.needs}`, async () => {
      for (const role of ROLES) {
        const caller = callers[role];
        const what = `${entry.method} ${entry.file} as a ${role} by single sign-on`;
        const req = entry.request(world.fx);
        const before = dbState();
        resetRefusalThrottle();
        const mark = lastAuditEventId();
        const res = await callRoute(entry, req, { kind: 'cookie', caller });
        if (expectedAllowed(entry.needs, caller)) {
          expect(res.status, `${what}: ${res.status >= 400 ? await res.text() : ''}`).toBe(entry.okStatus);
        } else {
          expect(res.status, what).toBe(403);
          expect(errorCodeOf(await res.json()), what).toBe('forbidden');
          expectUnchanged(before, what);
          if (entry.needs !== 'public' && entry.needs !== 'first-run') expectRefusalOf(mark, role, entry.needs, 'route', what);
        }
      }
    });
  }
});
