/**
 * Record views and exports are audited through the read journal (lib/dal/audit-journal.ts,
 * docs/decisions/0025-concurrent-load): written at once without the database's write lock,
 * chained into audit_events by the next write, and never lost or chained twice,
 * whatever crashes between the two files' commits.
 */
import fs from 'node:fs';
import Database from '@/db/sqlite-driver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { verifyAuditChain } from '@/lib/dal/audit';
import { closeJournal, drainJournalInto, journalPath } from '@/lib/dal/audit-journal';
import { exportAuditCsv, listAuditEvents } from '@/lib/dal/audit-log';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { getPatient } from '@/lib/dal/patients';
import { chainWaitingReadEvents, drainReadEvents, readEventsWaiting } from '@/lib/dal/read-audit';
import { startWriter } from '../reliability/processes';
import { makeActor } from '../setup/actors';
import { ckForm, daysAgo, newPatient, sqlite } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor, physician: Actor;
let pid: number;

beforeEach(async () => {
  db = useTempDatabase();
  [admin, physician] = await Promise.all([makeActor('admin'), makeActor('physician')]);
  pid = newPatient(physician, { mrn: 'MRN-J' });
});
afterEach(() => {
  closeJournal();
  db.dispose();
});

const chained = (action = 'patient.view') => sqlite().prepare('SELECT count(*) FROM audit_events WHERE action = ?').pluck().get(action) as number;
const inJournal = () => {
  const j = new Database(journalPath(db.file), { readonly: true });
  try {
    return j.prepare('SELECT count(*) FROM events').pluck().get() as number;
  } finally {
    j.close();
  }
};
const ck = (n: number) => recordEnzymeResult(physician, pid, ckForm(daysAgo(n), 100 + n, { upperLimit: '200' }));

describe('the read journal', () => {
  it('a view is written to the journal, not the database; the next write chains it first, with its own time, and empties the journal', async () => {
    getPatient(physician, pid);
    const viewedAt = new Date().toISOString();
    expect([chained(), inJournal(), readEventsWaiting()]).toEqual([0, 1, 1]);
    await new Promise((r) => setTimeout(r, 20));
    ck(1);
    const rows = sqlite().prepare("SELECT action, at, user_id, patient_id FROM audit_events WHERE id > (SELECT max(id) - 2 FROM audit_events) ORDER BY id").all() as { action: string; at: string; user_id: number; patient_id: number }[];
    expect(rows.map((r) => r.action)).toEqual(['patient.view', 'enzyme-result.create']);
    expect(rows[0]).toMatchObject({ user_id: physician.userId, patient_id: pid });
    expect(rows[0]!.at <= viewedAt).toBe(true);
    expect(rows[0]!.at < rows[1]!.at).toBe(true);
    expect([inJournal(), readEventsWaiting()]).toEqual([0, 0]);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('a crash after the database committed but before the journal was pruned: the next drain chains nothing twice', () => {
    for (let i = 0; i < 3; i++) getPatient(physician, pid);
    // The drain and its commit, without the prune that follows it (the process died in between).
    getDb().transaction((tx) => void drainJournalInto(tx), { behavior: 'immediate' });
    expect([chained(), inJournal()]).toEqual([3, 3]);
    getPatient(physician, pid);
    ck(2);
    expect([chained(), inJournal()]).toEqual([4, 0]);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('a write that fails rolls its drain back: the events stay in the journal and are chained once, later', () => {
    getPatient(physician, pid);
    // Refused inside its write transaction, after the drain (no such patient).
    expect(() => recordEnzymeResult(physician, 999_999, ckForm(daysAgo(1), 150, { upperLimit: '200' }))).toThrow(/not found/);
    expect([chained(), inJournal()]).toEqual([0, 1]);
    ck(3);
    expect([chained(), inJournal()]).toEqual([1, 0]);
  });

  it('a new journal (the old file deleted) is not mistaken for the old one: its events, numbered from 1 again, are chained', () => {
    for (let i = 0; i < 5; i++) getPatient(physician, pid);
    ck(4);
    closeJournal();
    for (const f of [journalPath(db.file), `${journalPath(db.file)}-wal`, `${journalPath(db.file)}-shm`]) fs.rmSync(f, { force: true });
    getPatient(physician, pid);
    getPatient(physician, pid);
    ck(5);
    expect(chained()).toBe(7);
  });

  it('views from another process while this one writes: each is chained exactly once', async () => {
    const w = startWriter(db.file, 'views', pid, 300);
    const pause = () => new Promise((r) => setTimeout(r, 5));
    // The worker's start-up (compiling its imports) takes seconds on a busy machine:
    // the writes start with its first view, so they interleave with the views.
    while (w.child.exitCode === null && w.acked.length === 0) await pause();
    let day = 10;
    while (w.child.exitCode === null && day < 400) {
      ck(day++);
      await pause();
    }
    const exit = await w.exited;
    // The worker's stderr in the failure message says why it stopped, if it did.
    expect(exit, w.stderr()).toBe(0);
    expect(w.acked).toHaveLength(300);
    chainWaitingReadEvents();
    expect(chained()).toBe(300);
    expect(inJournal()).toBe(0);
    expect(day - 10, 'writes made while the views ran').toBeGreaterThan(5);
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  }, 60_000);

  it('exports are journalled too, and the audit log chains what waits before it lists', () => {
    getPatient(physician, pid);
    const csv = exportAuditCsv(admin, {});
    // The export listed the view: chained before the rows were read.
    expect(csv).toContain('patient.view');
    expect(inJournal()).toBe(1);
    const page = listAuditEvents(admin, {});
    expect(page.waiting).toBe(0);
    expect(page.events.slice(0, 2).map((e) => e.action)).toEqual(['audit.export', 'patient.view']);
  });

  it('while another process holds the write lock the view still answers at once; the audit log says how many wait, and shows them once it can', () => {
    const other = new Database(db.file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const t0 = performance.now();
      getPatient(physician, pid);
      getPatient(physician, pid);
      // Well under the 5 s busy timeout a write would wait.
      expect(performance.now() - t0).toBeLessThan(2_000);
      expect(drainReadEvents({ wait: false })).toBe(Infinity);
      const page = listAuditEvents(admin, {});
      expect(page.waiting).toBe(2);
      expect(page.events.some((e) => e.action === 'patient.view')).toBe(false);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const page = listAuditEvents(admin, {});
    expect(page.waiting).toBe(0);
    expect(page.events.filter((e) => e.action === 'patient.view')).toHaveLength(2);
  });
});
