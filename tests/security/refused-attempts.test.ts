/**
 * Refused attempts are security events (issue 20, item 8). A signed-in user asking for
 * what the role does not allow (403) left no audit event, so escalation attempts were
 * invisible. Now each is recorded as `security.refused` with the actor, the permission,
 * the target and the way it came - at most one event per minute per actor, permission
 * and target, carrying the count of those in between, and at most 20 events per actor
 * per minute over all targets - and the admin audit page lists them under "Refused
 * attempts". (Every action and route of the matrix records its refusal:
 * authorization.test.ts.)
 */
import './next-als';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changeRoleAction, createUserAction } from '@/app/(app)/admin/users/actions';
import { listAuditEvents } from '@/lib/dal/audit-log';
import { PER_ACTOR_PER_MINUTE, REFUSAL_WINDOW_MS, resetRefusalThrottle } from '@/lib/dal/refusals';
import { callAction, callRoute, dbState, expectUnchanged, lastAuditEventId, refusalsSince, toFormData } from './harness';
import { worldForThisFile } from './world';
import { ROUTES } from './registry';

vi.mock('next/headers', async () => (await import('./cookie-jar')).nextHeadersMock());
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const world = worldForThisFile();
beforeEach(() => {
  resetRefusalThrottle();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date());
});
afterEach(() => vi.useRealTimers());

const newUser = () => toFormData({ email: `esc-${world.fx.unique()}@clinic.test`, name: 'Escalation', role: 'admin', password: 'a long enough passphrase' });

describe('a refused attempt is recorded, and a loop cannot flood the audit trail', () => {
  it('records who tried what on which target, once a minute with a count, and changes nothing else', async () => {
    const nurse = world.callers.nurse;
    const mark = lastAuditEventId();
    const before = dbState();
    for (let i = 0; i < 100; i++) {
      const out = await callAction(changeRoleAction, nurse, toFormData({ id: String(world.fx.targetUserId), role: 'admin' }));
      expect(out).toEqual({ kind: 'state', status: 'error', message: 'Your role does not allow this.' });
      vi.advanceTimersByTime(100);
    }
    expectUnchanged(before, '100 refused role changes');
    let events = refusalsSince(mark);
    expect(events).toEqual([{ id: expect.any(Number), userEmail: 'nurse@clinic.test', role: 'nurse', permission: 'user:manage', target: `id ${world.fx.targetUserId}`, via: 'form', count: 1 }]);

    // A minute after the recorded one, the next refusal is recorded with the 99 in between.
    vi.advanceTimersByTime(REFUSAL_WINDOW_MS);
    await callAction(changeRoleAction, nurse, toFormData({ id: String(world.fx.targetUserId), role: 'admin' }));
    events = refusalsSince(mark);
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ permission: 'user:manage', count: 100 });
  });

  it('a loop over many targets is capped per actor and per minute; the rest are counted', async () => {
    const reviewer = world.callers.reviewer;
    const mark = lastAuditEventId();
    for (let id = 1; id <= 60; id++) await callAction(changeRoleAction, reviewer, toFormData({ id: String(100_000 + id), role: 'admin' }));
    expect(refusalsSince(mark)).toHaveLength(PER_ACTOR_PER_MINUTE);
    vi.advanceTimersByTime(REFUSAL_WINDOW_MS);
    await callAction(createUserAction, reviewer, newUser());
    const last = refusalsSince(mark).at(-1)!;
    expect(last).toMatchObject({ permission: 'user:manage', count: 1 });
    const raw = listAuditEvents(world.users.admin, { refused: '1' }).events[0]!;
    expect(JSON.parse(raw.afterJson!)).toMatchObject({ othersNotRecorded: 60 - PER_ACTOR_PER_MINUTE });
  });

  it('keys by actor: another user refused the same thing is recorded on its own', async () => {
    const mark = lastAuditEventId();
    await callAction(createUserAction, world.callers.nurse, newUser());
    await callAction(createUserAction, world.callers.physician, newUser());
    await callAction(createUserAction, world.callers.nurse, newUser());
    expect(refusalsSince(mark).map((e) => e.userEmail)).toEqual(['nurse@clinic.test', 'physician@clinic.test']);
  });

  it('records a refused route (cookie or API token) with its method and path', async () => {
    const mark = lastAuditEventId();
    const audit = ROUTES.find((r) => r.file === 'app/(app)/admin/audit/export/route.ts')!;
    expect((await callRoute(audit, audit.request(world.fx), { kind: 'cookie', caller: world.callers.physician })).status).toBe(403);
    const post = ROUTES.find((r) => r.file === 'app/api/v1/patients/[id]/lab-results/route.ts')!;
    const req = post.request(world.fx);
    expect((await callRoute(post, req, { kind: 'bearer', caller: world.callers.reviewer })).status).toBe(403);
    expect(refusalsSince(mark)).toEqual([
      expect.objectContaining({ userEmail: 'physician@clinic.test', permission: 'audit:view', target: 'GET /admin/audit/export', via: 'route' }),
      expect.objectContaining({ userEmail: 'token:reviewer integration', permission: 'lab:write', target: `POST ${req.path}`, via: 'route' }),
    ]);
  });

  it('does not record a sign-in problem (401) or a bad value (422) as a refusal', async () => {
    const mark = lastAuditEventId();
    await callAction(createUserAction, world.callers.anonymous, newUser());
    await callAction(createUserAction, world.callers['deactivated admin'], newUser());
    await callAction(createUserAction, world.callers.admin, toFormData({ email: 'not an email', name: '', role: 'admin', password: 'x' }));
    expect(refusalsSince(mark)).toEqual([]);
  });
});

describe('the audit page shows refused attempts, with a filter', () => {
  it('filters to refused attempts and says in words who tried what', async () => {
    await callAction(createUserAction, world.callers.nurse, newUser());
    const { events, total } = listAuditEvents(world.users.admin, { refused: '1' });
    expect(total).toBeGreaterThan(0);
    expect(events.every((e) => e.action === 'security.refused')).toBe(true);
    const all = listAuditEvents(world.users.admin, {});
    expect(all.total).toBeGreaterThan(total);

    const AuditPage = (await import('@/app/(app)/admin/audit/page')).default;
    const { jar } = await import('./cookie-jar');
    jar.token = world.callers.admin.cookie;
    try {
      const html = renderToStaticMarkup(await AuditPage({ searchParams: Promise.resolve({ refused: '1' }) }));
      expect(html).toContain('Refused attempts only');
      expect(html).toMatch(/<input[^>]*name="refused"[^>]*checked=""/);
      expect(html).toContain('Tried to manage users');
      expect(html).toContain('nurse@clinic.test');
      expect(html).not.toContain('signin.success');
    } finally {
      jar.token = null;
    }
  });
});
