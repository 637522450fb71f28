import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { updateSignalSettings } from '@/lib/dal/signals';
import { listWorklist, WORKLIST_PAGE_SIZE } from '@/lib/dal/worklist';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import { makeActor } from '../setup/actors';
import { abForm, daysAgo, expectRefused, newPatient, sqlite, storedCodes, TODAY } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor, physician: Actor, otherPhysician: Actor, nurse: Actor, reviewer: Actor;

beforeEach(async () => {
  db = useTempDatabase();
  [admin, physician, otherPhysician, nurse, reviewer] = await Promise.all([
    makeActor('admin'), makeActor('physician'), makeActor('physician'), makeActor('nurse'), makeActor('reviewer'),
  ]);
});
afterEach(() => db.dispose());

const inactive = (a: Actor): Actor => ({ ...a, active: false });
const ids = (q: Record<string, unknown> = {}, actor: Actor = nurse) => listWorklist(actor, q).items.map((i) => i.patientId);

/** Positive long ago, negative `negAgo` days ago: titer-normalized (info) since then. */
function infoPatient(familyName: string, negAgo: number, over: Record<string, unknown> = {}): number {
  const pid = newPatient(physician, { familyName, ...over });
  recordAntibodyResult(nurse, pid, abForm(daysAgo(300), 30));
  recordAntibodyResult(nurse, pid, abForm(daysAgo(negAgo), 2));
  return pid;
}

/** Negative, then positive: titer-rerise (warning). */
function warningPatient(familyName: string, over: Record<string, unknown> = {}): number {
  const pid = newPatient(physician, { familyName, ...over });
  recordAntibodyResult(nurse, pid, abForm(daysAgo(100), 2));
  recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 30));
  return pid;
}

/** Stores a signal row by raw SQL, bypassing the engine (and optionally the summary's rank). */
function storeRawSignal(pid: number, code: string, level: 'action' | 'warning' | 'info', since: string, updateSummary: boolean): void {
  const rank = { action: 0, warning: 1, info: 2 }[level];
  sqlite().prepare(`INSERT INTO patient_signals (patient_id, code, level, level_rank, analyte, since, explanation, result_ids_json, evidence_json, fingerprint, computed_at)
    VALUES (?, ?, ?, ?, NULL, ?, 'inserted by the test', '{"antibody":[],"enzyme":[],"visit":[],"medication":[]}', '{"citation":"test"}', 'raw-' || ?, ?)`)
    .run(pid, code, level, rank, since, code, new Date().toISOString());
  if (updateSummary) {
    sqlite().prepare(`UPDATE patient_summaries SET top_level_rank = MIN(top_level_rank, ?), signal_codes = trim(signal_codes || ' ' || ?),
      latest_signal_since = CASE WHEN latest_signal_since IS NULL OR latest_signal_since < ? THEN ? ELSE latest_signal_since END WHERE patient_id = ?`)
      .run(rank, code, since, since, pid);
  }
}

describe('who may read the worklist', () => {
  it('every role reads it without writing anything; a deactivated user is forbidden', async () => {
    const pid = warningPatient('Warn');
    const before = tableCounts();
    for (const actor of [admin, physician, nurse, reviewer]) expect(ids({}, actor)).toEqual([pid]);
    expect(tableCounts()).toEqual(before);
    for (const actor of [admin, physician, nurse, reviewer].map(inactive)) await expectRefused(() => listWorklist(actor, {}), 'forbidden');
  });
});

describe('ordering and content', () => {
  it('lists action before warning before info, then the most recent signal first, then by name; patients without signals are left out', () => {
    const quiet = newPatient(physician, { familyName: 'Quiet' });
    recordAntibodyResult(nurse, quiet, abForm(daysAgo(20), 2)); // never positive: no signal
    const infoOld = infoPatient('Aaron', 60);
    const infoNew = infoPatient('Zed', 10);
    const infoTieB = infoPatient('Bravo', 30);
    const infoTieA = infoPatient('Alpha', 30);
    const warning = warningPatient('Warn');
    const action = newPatient(physician, { familyName: 'Act' });
    storeRawSignal(action, 'taper-discussion', 'action', daysAgo(1), true);

    expect(storedCodes(quiet)).toEqual([]);
    const list = listWorklist(reviewer, {});
    expect(list.total).toBe(6);
    expect(list.items.map((i) => i.patientId)).toEqual([action, warning, infoNew, infoTieA, infoTieB, infoOld]);
    expect(list.items.map((i) => i.topLevelRank)).toEqual([0, 1, 2, 2, 2, 2]);

    const w = list.items[1]!;
    expect(w).toMatchObject({ name: 'WARN, Jane', physicianName: null });
    expect(w.signals.map((s) => s.code)).toContain('titer-rerise');
    expect(w.signals[0]!.level).toBe('warning');
    expect(w.snapshot.titer).toMatchObject({ cls: 'positive', on: daysAgo(5) });
  });

  it('filters by signal code (unknown codes are ignored) and by physician', () => {
    const mine = warningPatient('Mine', { physicianId: physician.userId });
    const theirs = infoPatient('Theirs', 10, { physicianId: otherPhysician.userId });
    const nobody = infoPatient('Nobody', 20);
    expect(ids({ signal: 'titer-rerise' })).toEqual([mine]);
    expect(ids({ signal: 'titer-normalized' })).toEqual([theirs, nobody]);
    expect(ids({ signal: 'taper-discussion' })).toEqual([]);
    expect(ids({ signal: "x' OR 1=1 --" })).toEqual([mine, theirs, nobody]);
    expect(ids({ physician: physician.userId })).toEqual([mine]);
    expect(ids({ physician: String(otherPhysician.userId) })).toEqual([theirs]);
    expect(ids({ physician: 'abc' })).toEqual([mine, theirs, nobody]);
    expect(ids({ physician: otherPhysician.userId, signal: 'titer-rerise' })).toEqual([]);
    expect(listWorklist(nurse, { physician: physician.userId }).items[0]!.physicianName).toBe('Test physician');
  });

  it('leaves out patients entered in error', () => {
    const a = warningPatient('A', { physicianId: physician.userId });
    const b = warningPatient('B', { physicianId: physician.userId });
    sqlite().prepare('UPDATE patients SET entered_in_error = 1 WHERE id = ?').run(a);
    expect(ids()).toEqual([b]);
    // The count too, with and without a patient-level filter (two ways of counting).
    expect(listWorklist(nurse, {}).total).toBe(1);
    expect(listWorklist(nurse, { physician: physician.userId }).total).toBe(1);
  });
});

describe('due for labs', () => {
  it('lists patients with no titer for more than the overdue interval (or none at all), signals or not', () => {
    const none = newPatient(physician, { familyName: 'None' });
    const d366 = newPatient(physician, { familyName: 'Old' });
    recordAntibodyResult(nurse, d366, abForm(daysAgo(366), 2));
    const d365 = newPatient(physician, { familyName: 'Year' });
    recordAntibodyResult(nurse, d365, abForm(daysAgo(365), 2));
    const d40 = newPatient(physician, { familyName: 'Forty' });
    recordAntibodyResult(nurse, d40, abForm(daysAgo(40), 2));
    const recentWithSignal = warningPatient('Recent');

    expect(ids({ due: '1' }).sort()).toEqual([none, d366].sort());
    // Without the filter only patients with signals show: the warning first, then the
    // anti-Mi2-positive patient whose titer is 366 days old ("titer overdue", info).
    expect(ids()).toEqual([recentWithSignal, d366]);
    // An unknown value of `due` is ignored.
    expect(ids({ due: 'yes' })).toEqual([recentWithSignal, d366]);

    // The interval is the site setting, in calendar months.
    updateSignalSettings(admin, { ...DEFAULT_SIGNAL_SETTINGS, overdueIntervalMonths: 1 });
    expect(ids({ due: '1' }).sort()).toEqual([none, d366, d365, d40].sort());
    expect(ids({ due: '1', physician: otherPhysician.userId })).toEqual([]);
  });

  it('uses the latest live titer: a new result takes the patient off the list', () => {
    const pid = newPatient(physician);
    recordAntibodyResult(nurse, pid, abForm(daysAgo(500), 2));
    expect(ids({ due: '1' })).toEqual([pid]);
    recordAntibodyResult(nurse, pid, abForm(TODAY, 2));
    expect(ids({ due: '1' })).toEqual([]);
  });
});

describe('pagination', () => {
  it('shows 25 patients a page without overlap and clamps the page number', () => {
    const all = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const pid = newPatient(physician, { familyName: `P${String(i).padStart(2, '0')}` });
      recordAntibodyResult(nurse, pid, abForm(daysAgo(400), 30)); // titer-overdue since the same day for all
      all.add(pid);
    }
    expect(WORKLIST_PAGE_SIZE).toBe(25);
    const p1 = listWorklist(nurse, { page: 1 });
    const p2 = listWorklist(nurse, { page: '2' });
    expect([p1.total, p1.pages, p1.page, p1.items.length]).toEqual([30, 2, 1, 25]);
    expect([p2.page, p2.items.length]).toEqual([2, 5]);
    const seen = [...p1.items, ...p2.items].map((i) => i.patientId);
    expect(new Set(seen)).toEqual(all);
    // Same rank and date: by family name.
    expect(p1.items[0]!.name).toBe('P00, Jane');
    expect(p2.items.at(-1)!.name).toBe('P29, Jane');
    expect(listWorklist(nurse, { page: 99 }).page).toBe(2);
    expect(listWorklist(nurse, { page: 'abc' }).page).toBe(1);
    expect(listWorklist(nurse, { page: -5 }).page).toBe(1);
    // Pagination combines with a filter.
    expect(listWorklist(nurse, { signal: 'titer-overdue', page: 2 }).items).toHaveLength(5);
  });
});

describe('the worklist reads the stored signals only', () => {
  it('a signal row inserted by raw SQL shows up, rows deleted by raw SQL disappear, and the next change to the patient rewrites them', () => {
    const info = infoPatient('Info', 10);
    const warning = warningPatient('Warn');
    const blank = newPatient(physician, { familyName: 'Blank' });

    // A discordance no rule would compute from this patient's data appears in the list and the filter.
    expect(ids({ signal: 'discordance' })).toEqual([]);
    storeRawSignal(info, 'discordance', 'info', daysAgo(2), false);
    expect(ids({ signal: 'discordance' })).toEqual([info]);
    expect(listWorklist(nurse, {}).items.find((i) => i.patientId === info)!.signals.map((s) => s.code)).toContain('discordance');

    // A patient with no data at all appears, at the top, once a stored action signal says so.
    storeRawSignal(blank, 'taper-discussion', 'action', daysAgo(1), true);
    expect(ids()).toEqual([blank, warning, info]);

    // Deleting the warning patient's stored rows removes it, although its data still fire a re-rise.
    sqlite().prepare('DELETE FROM patient_signals WHERE patient_id = ?').run(warning);
    expect(ids({ signal: 'titer-rerise' })).toEqual([]);
    expect(listWorklist(nurse, {}).items.find((i) => i.patientId === warning)!.signals).toEqual([]);
    sqlite().prepare('DELETE FROM patient_summaries WHERE patient_id = ?').run(warning);
    expect(ids()).toEqual([blank, info]);

    // The next change to a patient replaces its stored rows with what the engine computes.
    recordAntibodyResult(nurse, warning, abForm(TODAY, 31));
    expect(ids({ signal: 'titer-rerise' })).toEqual([warning]);
    recordAntibodyResult(nurse, blank, abForm(daysAgo(3), 2));
    expect(storedCodes(blank)).toEqual([]);
    expect(ids()).toEqual([warning, info]);
  });
});
