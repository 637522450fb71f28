import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { acknowledgeSignal, updateSignalSettings } from '@/lib/dal/signals';
import { listWorklist } from '@/lib/dal/worklist';
import { loadStoredSignals } from '@/lib/dal/patient-record';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import { makeActor } from '../setup/actors';
import { abForm, daysAgo, expectRefused, newPatient, sqlite, TODAY } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let admin: Actor, physician: Actor, nurse: Actor;

beforeEach(async () => {
  db = useTempDatabase();
  [admin, physician, nurse] = await Promise.all([makeActor('admin'), makeActor('physician'), makeActor('nurse')]);
});
afterEach(() => db.dispose());

const ids = (q: Record<string, unknown> = {}) => listWorklist(nurse, q).items.map((i) => i.patientId);
const signalId = (pid: number, code: string) =>
  (sqlite().prepare('SELECT id FROM patient_signals WHERE patient_id = ? AND code = ?').get(pid, code) as { id: number } | undefined)?.id;

/** Negative, then positive: titer-rerise (warning). */
function warningPatient(familyName: string, over: Record<string, unknown> = {}): number {
  const pid = newPatient(physician, { familyName, ...over });
  recordAntibodyResult(nurse, pid, abForm(daysAgo(100), 2));
  recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 30));
  return pid;
}

describe('the worklist shows what has been handled', () => {
  it('an acknowledged patient moves after those needing attention, shows who, when and the note, and leaves the "needs attention" list', () => {
    const a = warningPatient('Alpha');
    const b = warningPatient('Bravo');
    expect(ids()).toEqual([a, b]);
    acknowledgeSignal(physician, a, { signalId: signalId(a, 'titer-rerise'), note: 'Seen at clinic, repeat in 4 weeks.' });

    const list = listWorklist(nurse, {});
    expect(list.items.map((i) => i.patientId)).toEqual([b, a]);
    const row = list.items[1]!;
    expect(row.handled).toBe(true);
    const rerise = row.signals.find((s) => s.code === 'titer-rerise')!;
    expect(rerise.acknowledged).toMatchObject({ by: 'Test physician', note: 'Seen at clinic, repeat in 4 weeks.' });
    expect(rerise.acknowledged!.at.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    expect(rerise.lapsed).toBeNull();
    expect(list.items[0]!.handled).toBe(false);

    expect(ids({ show: 'attention' })).toEqual([b]);
    expect(listWorklist(nurse, { show: 'attention' }).total).toBe(1);
    expect(ids({ show: 'all' })).toEqual([b, a]);
    // An unknown value reads as "all", never as an error.
    expect(ids({ show: "attention' OR 1=1" })).toEqual([b, a]);
    // The patient page says who acknowledged.
    expect(loadStoredSignals(a).find((s) => s.code === 'titer-rerise')!.acknowledged).toMatchObject({ by: 'Test physician' });
  });

  it('an acknowledgement lapses when a new result changes the evidence: the row needs attention again and says "new since acknowledged"', () => {
    const a = warningPatient('Alpha');
    acknowledgeSignal(physician, a, { signalId: signalId(a, 'titer-rerise'), note: 'Discussed, no change.' });
    expect(ids({ show: 'attention' })).toEqual([]);

    recordAntibodyResult(nurse, a, abForm(TODAY, 45));
    expect(ids({ show: 'attention' })).toEqual([a]);
    const row = listWorklist(nurse, {}).items[0]!;
    expect(row.handled).toBe(false);
    const rerise = row.signals.find((s) => s.code === 'titer-rerise')!;
    expect(rerise.acknowledged).toBeNull();
    expect(rerise.lapsed).toMatchObject({ by: 'Test physician', note: 'Discussed, no change.' });
    expect(loadStoredSignals(a).find((s) => s.code === 'titer-rerise')!.lapsed).toMatchObject({ by: 'Test physician' });
  });

  it('a refused acknowledgement (another patient\'s signal, no note, a nurse) leaves the worklist and the database as they were', async () => {
    const a = warningPatient('Alpha');
    const b = warningPatient('Bravo');
    const before = tableCounts();
    await expectRefused(() => acknowledgeSignal(physician, a, { signalId: signalId(b, 'titer-rerise'), note: 'wrong patient' }), 'not-found');
    await expectRefused(() => acknowledgeSignal(physician, a, { signalId: signalId(a, 'titer-rerise'), note: '' }), 'invalid', 'note');
    await expectRefused(() => acknowledgeSignal(physician, a, { signalId: signalId(a, 'titer-rerise'), note: 'x'.repeat(100_000) }), 'invalid', 'note');
    await expectRefused(() => acknowledgeSignal(nurse, a, { signalId: signalId(a, 'titer-rerise'), note: 'not mine to give' }), 'forbidden');
    expect(tableCounts()).toEqual(before);
    expect(ids({ show: 'attention' })).toEqual([a, b]);
  });
});

describe('due for labs lists only patients whose titer is followed', () => {
  it('anti-Mi2-positive diagnosis or any positive result; anti-Mi2-negative, IMNM and antisynthetase patients without one are left out', () => {
    const posDx = newPatient(physician, { familyName: 'PosDx' });
    recordAntibodyResult(nurse, posDx, abForm(daysAgo(500), 2));
    const negDx = newPatient(physician, { familyName: 'NegDx', diagnosisGroup: 'mi2-neg-dm' });
    recordAntibodyResult(nurse, negDx, abForm(daysAgo(500), 2));
    const imnm = newPatient(physician, { familyName: 'Imnm', diagnosisGroup: 'imnm' });
    const synth = newPatient(physician, { familyName: 'Synth', diagnosisGroup: 'antisynthetase' });
    recordAntibodyResult(nurse, synth, abForm(daysAgo(700), 2));
    // Another diagnosis, but a positive anti-Mi2 result: followed.
    const otherPositive = newPatient(physician, { familyName: 'Other', diagnosisGroup: 'other' });
    recordAntibodyResult(nurse, otherPositive, abForm(daysAgo(600), 30));

    expect(ids({ due: '1' }).sort()).toEqual([posDx, otherPositive].sort());
    expect(listWorklist(nurse, { due: '1' }).total).toBe(2);
    expect(ids({ due: '1', physician: physician.userId })).toEqual([]);
    expect(ids().includes(imnm)).toBe(false);

    // The interval is the site setting: at 24 months neither followed patient is due yet.
    updateSignalSettings(admin, { ...DEFAULT_SIGNAL_SETTINGS, overdueIntervalMonths: 24 });
    expect(ids({ due: '1' })).toEqual([]);
    expect(listWorklist(nurse, { due: '1' }).dueIntervalMonths).toBe(24);
  });

  it('a positive result entered in error does not make a patient followed', () => {
    const pid = newPatient(physician, { familyName: 'Err', diagnosisGroup: 'mi2-neg-dm' });
    recordAntibodyResult(nurse, pid, abForm(daysAgo(600), 30));
    expect(ids({ due: '1' })).toEqual([pid]);
    const rid = (sqlite().prepare('SELECT id FROM antibody_results WHERE patient_id = ?').get(pid) as { id: number }).id;
    sqlite().prepare('UPDATE antibody_results SET entered_in_error = 1 WHERE id = ?').run(rid);
    recordAntibodyResult(nurse, pid, abForm(daysAgo(500), 2)); // recomputes the summary
    expect(ids({ due: '1' })).toEqual([]);
  });
});
