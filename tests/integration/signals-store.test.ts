import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { verifyAuditChain } from '@/lib/dal/audit';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { getPatientRecord } from '@/lib/dal/patient-record';
import { acknowledgeSignal, getSignalSettings, recomputeAllPatients, signalRulesForDisplay, updateSignalSettings } from '@/lib/dal/signals';
import { writeTx } from '@/lib/dal/tx';
import { addDays, addMonths } from '@/lib/domain/dates';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import { inactive, makeTeam } from '../setup/actors';
import { abForm, auditRows, ckForm, daysAgo, expectRefused, newPatient, sqlite, storedCodes, storedSignals, summaryRow, TODAY } from '../setup/dal-helpers';
import { databasePerTest, tableCounts } from '../setup/temp-db';

let admin: Actor, physician: Actor, nurse: Actor, reviewer: Actor;

databasePerTest(async () => {
  ({ admin, physician, nurse, reviewer } = await makeTeam());
});


/**
 * A Mi-2β story: positive 400 days ago, then two negatives `span` days apart, the
 * last one 50 days ago (same assay). Returns the patient and the result ids.
 */
function normalizedPatient(span: number, over: Record<string, unknown> = {}) {
  const pid = newPatient(physician, over);
  const positive = recordAntibodyResult(nurse, pid, abForm(daysAgo(50 + span + 100), 30));
  const neg1 = recordAntibodyResult(nurse, pid, abForm(daysAgo(50 + span), 3));
  const neg2 = recordAntibodyResult(nurse, pid, abForm(daysAgo(50), 2));
  return { pid, positive, neg1, neg2 };
}

const signalOf = (pid: number, code: string) => storedSignals(pid).find((s) => s.code === code);

describe('signals are materialized in the transaction of every change', () => {
  it('each result rewrites patient_signals and patient_summaries: normalization, then sustained, then cleared by a re-rise', () => {
    const pid = newPatient(physician);
    expect(storedSignals(pid)).toEqual([]);
    expect(summaryRow(pid)).toMatchObject({ top_level_rank: 9, signal_codes: '', last_titer_on: null, latest_signal_since: null });

    const positive = recordAntibodyResult(nurse, pid, abForm(daysAgo(400), 30));
    // Positive and not retested for more than 365 days.
    expect(storedCodes(pid)).toEqual(['titer-overdue']);
    expect(summaryRow(pid)).toMatchObject({ top_level_rank: 2, signal_codes: 'titer-overdue', last_titer_on: daysAgo(400), latest_signal_since: addDays(addMonths(daysAgo(400), 12), 1) });

    const neg1 = recordAntibodyResult(nurse, pid, abForm(daysAgo(200), 3));
    expect(storedCodes(pid)).toContain('titer-normalized');
    expect(storedCodes(pid)).not.toContain('normalization-sustained');
    expect(storedCodes(pid)).not.toContain('titer-overdue');

    const neg2 = recordAntibodyResult(nurse, pid, abForm(daysAgo(50), 2));
    const sustained = signalOf(pid, 'normalization-sustained');
    expect(sustained).toMatchObject({ level: 'info', level_rank: 2, analyte: 'mi2-beta', since: daysAgo(50) });
    expect(JSON.parse(sustained!.result_ids_json).antibody).toEqual([neg1.id, neg2.id]);
    expect(JSON.parse(signalOf(pid, 'titer-normalized')!.result_ids_json).antibody).toEqual([positive.id, neg1.id, neg2.id]);
    const summary = summaryRow(pid)!;
    expect(summary).toMatchObject({ top_level_rank: 2, last_titer_on: daysAgo(50) });
    expect(summary.signal_codes.split(' ')).toEqual(expect.arrayContaining(['titer-normalized', 'normalization-sustained']));
    expect(JSON.parse(summary.snapshot_json).titer).toMatchObject({ analyte: 'mi2-beta', cls: 'negative', on: daysAgo(50) });

    // A later positive result: no longer normalized; a re-rise (warning) instead.
    const rise = recordAntibodyResult(physician, pid, abForm(TODAY, 30));
    expect(storedCodes(pid)).not.toContain('normalization-sustained');
    expect(storedCodes(pid)).not.toContain('titer-normalized');
    expect(signalOf(pid, 'titer-rerise')).toMatchObject({ level: 'warning', level_rank: 1, since: TODAY });
    expect(JSON.parse(signalOf(pid, 'titer-rerise')!.result_ids_json).antibody).toContain(rise.id);
    expect(summaryRow(pid)).toMatchObject({ top_level_rank: 1, last_titer_on: TODAY });

    // Removing that result (entered in error) brings the sustained normalization back.
    markAntibodyResultInError(nurse, pid, rise.id, 'result of another patient');
    expect(storedCodes(pid)).toContain('normalization-sustained');
    expect(storedCodes(pid)).not.toContain('titer-rerise');
    expect(summaryRow(pid)).toMatchObject({ top_level_rank: 2, last_titer_on: daysAgo(50) });
  });

  it('only the changed patient is recomputed', () => {
    const a = normalizedPatient(150);
    const before = storedSignals(a.pid);
    const other = newPatient(physician);
    recordAntibodyResult(nurse, other, abForm(daysAgo(5), 40));
    expect(storedSignals(a.pid)).toEqual(before);
  });

  it('a refused write (future date) leaves patient_signals and the summary exactly as they were', async () => {
    const { pid } = normalizedPatient(150);
    const signals = storedSignals(pid);
    const summary = summaryRow(pid);
    await expectRefused(() => recordAntibodyResult(nurse, pid, abForm(addDays(TODAY, 1), 30)), 'invalid', 'collectedOn');
    await expectRefused(() => recordEnzymeResult(nurse, pid, ckForm(addDays(TODAY, 1), 3000)), 'invalid', 'collectedOn');
    expect(storedSignals(pid)).toEqual(signals);
    expect(summaryRow(pid)).toEqual(summary);
  });

  it('a failure while storing the summary rolls back the result and its audit event too (one transaction)', () => {
    const { pid } = normalizedPatient(150);
    const signals = storedSignals(pid);
    sqlite().exec("CREATE TRIGGER fail_summary BEFORE UPDATE ON patient_summaries BEGIN SELECT RAISE(ABORT, 'simulated failure'); END");
    const before = tableCounts();
    expect(() => recordAntibodyResult(nurse, pid, abForm(TODAY, 30))).toThrow(/simulated failure/);
    expect(tableCounts()).toEqual(before);
    expect(storedSignals(pid)).toEqual(signals);
    sqlite().exec('DROP TRIGGER fail_summary');
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('recomputeAllPatients rebuilds every live patient from the data and skips patients entered in error', () => {
    const a = normalizedPatient(150);
    const b = normalizedPatient(250);
    const gone = normalizedPatient(120);
    const expected = storedCodes(a.pid);
    sqlite().exec('DELETE FROM patient_signals; DELETE FROM patient_summaries;');
    sqlite().prepare('UPDATE patients SET entered_in_error = 1 WHERE id = ?').run(gone.pid);
    expect(writeTx((tx) => recomputeAllPatients(tx))).toBe(2);
    expect(storedCodes(a.pid)).toEqual(expected);
    expect(storedCodes(b.pid)).toContain('normalization-sustained');
    expect(storedSignals(gone.pid)).toEqual([]);
    expect(summaryRow(gone.pid)).toBeUndefined();
  });
});

describe('acknowledgeSignal', () => {
  it('only physicians acknowledge; the others and deactivated physicians are forbidden and nothing is written', async () => {
    const { pid } = normalizedPatient(150);
    const s = signalOf(pid, 'titer-normalized')!;
    for (const actor of [admin, nurse, reviewer, inactive(physician)]) {
      await expectRefused(() => acknowledgeSignal(actor, pid, { signalId: s.id, note: 'discussed at clinic' }), 'forbidden');
    }
    acknowledgeSignal(physician, pid, { signalId: String(s.id), note: 'discussed at clinic' });
    expect(tableCounts().signal_acknowledgements).toBe(1);
  });

  it('needs a note of 3 to 1000 characters and a well-formed signal id', async () => {
    const { pid } = normalizedPatient(150);
    const s = signalOf(pid, 'titer-normalized')!;
    for (const note of [undefined, '', 'ok', '   ab   ', 'n'.repeat(1001), 42]) {
      await expectRefused(() => acknowledgeSignal(physician, pid, { signalId: s.id, note }), 'invalid', 'note');
    }
    for (const signalId of ['abc', 0, -1, 1.5, undefined]) {
      await expectRefused(() => acknowledgeSignal(physician, pid, { signalId, note: 'discussed at clinic' }), 'invalid', 'signalId');
    }
    await expectRefused(() => acknowledgeSignal(physician, pid, null), 'invalid');
  });

  it("another patient's signal id, an unknown signal and an unknown patient are not found", async () => {
    const a = normalizedPatient(150);
    const b = normalizedPatient(150);
    const theirs = signalOf(b.pid, 'titer-normalized')!;
    await expectRefused(() => acknowledgeSignal(physician, a.pid, { signalId: theirs.id, note: 'discussed at clinic' }), 'not-found');
    await expectRefused(() => acknowledgeSignal(physician, a.pid, { signalId: 999_999, note: 'discussed at clinic' }), 'not-found');
    await expectRefused(() => acknowledgeSignal(physician, 999_999, { signalId: theirs.id, note: 'discussed at clinic' }), 'not-found');
  });

  it('is audited, shown in the patient record, holds while the same results fire the signal, and lapses when new data changes them', async () => {
    const { pid, positive, neg1, neg2 } = normalizedPatient(150);
    const s = signalOf(pid, 'titer-normalized')!;
    acknowledgeSignal(physician, pid, { signalId: s.id, note: '  <b>discussed</b>; continue MTX  ' });

    const ev = auditRows('signal.acknowledge');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: physician.userId, role: 'physician', entity: 'signal', entity_id: String(s.id), patient_id: pid });
    expect(JSON.parse(ev[0]!.after_json!)).toEqual({ code: 'titer-normalized', since: s.since, fingerprint: s.fingerprint, note: '<b>discussed</b>; continue MTX' });
    expect(sqlite().prepare('SELECT patient_id, code, fingerprint, note, user_id FROM signal_acknowledgements').all()).toEqual([
      { patient_id: pid, code: 'titer-normalized', fingerprint: s.fingerprint, note: '<b>discussed</b>; continue MTX', user_id: physician.userId },
    ]);

    const shown = (actor: Actor) => getPatientRecord(actor, pid).signals;
    for (const actor of [admin, physician, nurse, reviewer]) {
      const list = shown(actor);
      expect(list.find((x) => x.code === 'titer-normalized')!.acknowledged).toMatchObject({ note: '<b>discussed</b>; continue MTX' });
      expect(list.find((x) => x.code === 'normalization-sustained')!.acknowledged).toBeNull();
    }
    expect(shown(reviewer).find((x) => x.code === 'titer-normalized')!.resultIds.antibody).toEqual([positive.id, neg1.id, neg2.id]);

    // A CK does not change which results fire titer-normalized: the acknowledgement holds
    // (even though the stored signal row was rewritten with a new id).
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(40), 150));
    const rewritten = signalOf(pid, 'titer-normalized')!;
    expect(rewritten.id).not.toBe(s.id);
    expect(rewritten.fingerprint).toBe(s.fingerprint);
    expect(shown(physician).find((x) => x.code === 'titer-normalized')!.acknowledged).not.toBeNull();
    // The old id is gone: acknowledging it again is not found.
    await expectRefused(() => acknowledgeSignal(physician, pid, { signalId: s.id, note: 'again' }), 'not-found');

    // A new negative result changes the picture: the signal shows as new again.
    recordAntibodyResult(nurse, pid, abForm(daysAgo(10), 1));
    const changed = signalOf(pid, 'titer-normalized')!;
    expect(changed.fingerprint).not.toBe(s.fingerprint);
    expect(shown(physician).find((x) => x.code === 'titer-normalized')!.acknowledged).toBeNull();
    // ...and can be acknowledged anew.
    acknowledgeSignal(physician, pid, { signalId: changed.id, note: 'seen the third negative' });
    expect(shown(nurse).find((x) => x.code === 'titer-normalized')!.acknowledged).toMatchObject({ note: 'seen the third negative' });
  });
});

describe('signal settings', () => {
  // The two-factor rule is seeded by its migration; these tests are about the signal thresholds.
  const settingsRows = () => sqlite().prepare("SELECT * FROM settings WHERE key <> 'two-factor.required'").all();

  it('every role reads the thresholds and the rules; a deactivated user cannot', async () => {
    for (const actor of [admin, physician, nurse, reviewer]) {
      expect(getSignalSettings(actor)).toEqual(DEFAULT_SIGNAL_SETTINGS);
      expect(signalRulesForDisplay(actor).length).toBeGreaterThan(0);
    }
    for (const actor of [admin, physician, nurse, reviewer].map(inactive)) {
      await expectRefused(() => getSignalSettings(actor), 'forbidden');
      await expectRefused(() => signalRulesForDisplay(actor), 'forbidden');
    }
  });

  it('only admins change them', async () => {
    for (const actor of [physician, nurse, reviewer, inactive(admin)]) {
      await expectRefused(() => updateSignalSettings(actor, { ...DEFAULT_SIGNAL_SETTINGS, normalizationMinSpanDays: 200 }), 'forbidden');
    }
    expect(settingsRows()).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a span of 2000 days', { normalizationMinSpanDays: 2000 }],
    ['a negative span', { normalizationMinSpanDays: -1 }],
    ['a fractional span', { normalizationMinSpanDays: 90.5 }],
    ["a span 'abc'", { normalizationMinSpanDays: 'abc' }],
    ['a span NaN', { normalizationMinSpanDays: Number.NaN }],
    ['a span 1e308', { normalizationMinSpanDays: 1e308 }],
    ['an empty span', { normalizationMinSpanDays: '' }],
    ['a missing span', { normalizationMinSpanDays: undefined }],
  ])('refuses %s naming the field, changing nothing', async (_label, over) => {
    const { pid } = normalizedPatient(150);
    const signals = storedSignals(pid);
    const err = await expectRefused(() => updateSignalSettings(admin, { ...DEFAULT_SIGNAL_SETTINGS, ...over }), 'invalid', 'normalizationMinSpanDays');
    expect(Object.keys(err.fieldErrors)).toEqual(['normalizationMinSpanDays']);
    expect(err.fieldErrors.normalizationMinSpanDays![0]).toMatch(/from 0 to 1825 days/);
    expect(getSignalSettings(admin)).toEqual(DEFAULT_SIGNAL_SETTINGS);
    expect(settingsRows()).toEqual([]);
    expect(storedSignals(pid)).toEqual(signals);
  });

  it('reports every bad field at once', async () => {
    const err = await expectRefused(() => updateSignalSettings(admin, { ...DEFAULT_SIGNAL_SETTINGS, overdueIntervalMonths: 0, mmtFraction: 1.5, reriseFactor: 0, 'coverage.rituximab': '0' }), 'invalid');
    expect(Object.keys(err.fieldErrors).sort()).toEqual(['coverage.rituximab', 'mmtFraction', 'overdueIntervalMonths', 'reriseFactor']);
  });

  it('a valid change is stored, audited with before and after, and recomputes every patient in the same transaction', () => {
    const short = normalizedPatient(150);
    const long = normalizedPatient(250);
    newPatient(physician); // no results
    expect(storedCodes(short.pid)).toContain('normalization-sustained');
    expect(storedCodes(long.pid)).toContain('normalization-sustained');

    // Values typed in a form arrive as strings.
    const form = Object.fromEntries(Object.entries({ ...DEFAULT_SIGNAL_SETTINGS, normalizationMinSpanDays: 200 }).map(([k, v]) => [k, String(v)]));
    const result = updateSignalSettings(admin, form);
    expect(result).toEqual({ settings: { ...DEFAULT_SIGNAL_SETTINGS, normalizationMinSpanDays: 200 }, recomputed: 3 });
    expect(getSignalSettings(reviewer).normalizationMinSpanDays).toBe(200);

    expect(storedCodes(short.pid)).not.toContain('normalization-sustained');
    expect(storedCodes(short.pid)).toContain('titer-normalized');
    expect(summaryRow(short.pid)!.signal_codes).not.toContain('normalization-sustained');
    expect(storedCodes(long.pid)).toContain('normalization-sustained');

    const ev = auditRows('settings.signals');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: admin.userId, role: 'admin', entity: 'settings', entity_id: 'signal-settings' });
    expect(JSON.parse(ev[0]!.before_json!)).toEqual(DEFAULT_SIGNAL_SETTINGS);
    expect(JSON.parse(ev[0]!.after_json!)).toEqual({ ...DEFAULT_SIGNAL_SETTINGS, normalizationMinSpanDays: 200 });

    // New results are judged by the stored settings too.
    const fresh = normalizedPatient(150);
    expect(storedCodes(fresh.pid)).not.toContain('normalization-sustained');

    // Back to 90: the second change is audited against the first and restores the signal.
    updateSignalSettings(admin, { ...DEFAULT_SIGNAL_SETTINGS });
    expect(JSON.parse(auditRows('settings.signals')[1]!.before_json!)).toMatchObject({ normalizationMinSpanDays: 200 });
    expect(storedCodes(short.pid)).toContain('normalization-sustained');
    expect(storedCodes(fresh.pid)).toContain('normalization-sustained');
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });
});
