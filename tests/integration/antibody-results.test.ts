import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/dal/actor';
import { correctAntibodyResult, markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { setAssayActive, updateAssay } from '@/lib/dal/assays';
import { verifyAuditChain } from '@/lib/dal/audit';
import { listRowHistory } from '@/lib/dal/history';
import { getPatientRecord } from '@/lib/dal/patient-record';
import { addDays } from '@/lib/domain/dates';
import type { ErrorCode } from '@/lib/errors';
import { inactive, makeTeam } from '../setup/actors';
import { abForm, ASSAY, auditRows, daysAgo, expectRefused, newPatient, sqlite, storedCodes, storedSignals, summaryRow, TODAY } from '../setup/dal-helpers';
import { databasePerTest, tableCounts } from '../setup/temp-db';

let admin: Actor, physician: Actor, nurse: Actor, reviewer: Actor;
let pid: number, otherPid: number;
const BIRTH = '1970-06-15';

databasePerTest(async () => {
  ({ admin, physician, nurse, reviewer } = await makeTeam());
  pid = newPatient(physician, { birthDate: BIRTH });
  otherPid = newPatient(physician, { familyName: 'Roe', birthDate: '1980-01-01' });
});

const row = (id: number) => sqlite().prepare('SELECT * FROM antibody_results WHERE id = ?').get(id) as Record<string, unknown>;

describe('who may enter, correct and remove anti-Mi2 results (lab:write: physician, nurse)', () => {
  it('admins, reviewers and deactivated users are refused on every write and nothing is written', async () => {
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(30), 20));
    for (const actor of [admin, reviewer, inactive(physician), inactive(nurse)]) {
      await expectRefused(() => recordAntibodyResult(actor, pid, abForm(daysAgo(20), 12)), 'forbidden');
      await expectRefused(() => correctAntibodyResult(actor, pid, r.id, abForm(daysAgo(30), 21), 'transcription error'), 'forbidden');
      await expectRefused(() => markAntibodyResultInError(actor, pid, r.id, 'wrong patient'), 'forbidden');
      // Permission comes first: even hostile input gets "forbidden", not a validation message.
      await expectRefused(() => recordAntibodyResult(actor, pid, { value: 'abc' }), 'forbidden');
    }
    expect(row(r.id)).toMatchObject({ value: 20, version: 1, entered_in_error: 0 });
  });

  it('physicians and nurses enter, correct and remove; every role reads the record and the history', () => {
    const a = recordAntibodyResult(physician, pid, abForm(daysAgo(30), 20));
    const b = recordAntibodyResult(nurse, pid, abForm(daysAgo(10), 8));
    expect(correctAntibodyResult(nurse, pid, a.id, abForm(daysAgo(30), 21), 'transcription error').value).toBe(21);
    expect(markAntibodyResultInError(physician, pid, b.id, 'wrong patient').enteredInError).toBe(true);
    for (const actor of [admin, physician, nurse, reviewer]) {
      expect(getPatientRecord(actor, pid).antibodyResults.map((x) => [x.id, x.value, x.enteredInError])).toEqual([[a.id, 21, false], [b.id, 8, true]]);
      expect(listRowHistory(actor, 'antibody-result', a.id, pid).map((h) => h.version)).toEqual([1]);
    }
    expect(() => listRowHistory(inactive(reviewer), 'antibody-result', a.id, pid)).toThrow(/role/);
  });
});

describe('recordAntibodyResult', () => {
  it('stores the analyte, unit and limits of the assay in force, audits the row and recomputes signals in the same transaction', () => {
    const before = tableCounts();
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(30), '45', { accession: ' ACC-1 ' }));
    expect(r).toMatchObject({
      patientId: pid, assayId: ASSAY.betaBlot, analyte: 'mi2-beta', collectedOn: daysAgo(30), value: 45, comparator: null, qualitative: null,
      unit: 'units', cutoff: 5, positiveFrom: 11, strongAbove: 50, accession: 'ACC-1', version: 1, enteredInError: false, createdBy: nurse.userId,
    });
    const after = tableCounts();
    expect(after.antibody_results).toBe(before.antibody_results! + 1);
    expect(after.audit_events).toBe(before.audit_events! + 1);
    const ev = auditRows('antibody-result.create');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: nurse.userId, role: 'nurse', entity: 'antibody-result', entity_id: String(r.id), patient_id: pid });
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ id: r.id, value: 45, cutoff: 5 });
    expect(summaryRow(pid)).toMatchObject({ last_titer_on: daysAgo(30) });
    expect(JSON.parse(summaryRow(pid)!.snapshot_json).titer).toMatchObject({ analyte: 'mi2-beta', cls: 'positive', xCutoff: 9, on: daysAgo(30) });
  });

  it('accepts a censored value, a lab cut-off from the report, a category on a qualitative-only assay, and today', () => {
    const censored = recordAntibodyResult(nurse, pid, abForm(daysAgo(40), '5', { comparator: '<' }));
    expect(censored).toMatchObject({ value: 5, comparator: '<' });
    const ownCutoff = recordAntibodyResult(nurse, pid, abForm(daysAgo(30), '12,5', { cutoff: '7' }));
    expect(ownCutoff).toMatchObject({ value: 12.5, cutoff: 7 });
    const ip = recordAntibodyResult(nurse, pid, { assayId: String(ASSAY.ip), collectedOn: daysAgo(20), qualitative: 'positive' });
    expect(ip).toMatchObject({ analyte: 'mi2', value: null, qualitative: 'positive', cutoff: null, unit: 'n/a' });
    expect(recordAntibodyResult(nurse, pid, abForm(TODAY, 3)).collectedOn).toBe(TODAY);
    expect(recordAntibodyResult(nurse, pid, abForm(BIRTH, 3)).collectedOn).toBe(BIRTH);
    const rec = getPatientRecord(physician, pid).antibodyResults;
    expect(rec.find((x) => x.id === censored.id)!.cls).toBe('negative');
    expect(rec.find((x) => x.id === ownCutoff.id)!.xCutoff).toBeCloseTo(12.5 / 7);
    expect(rec.find((x) => x.id === ip.id)).toMatchObject({ cls: 'positive', xCutoff: null });
  });

  it('stores HTML and SQL in the accession verbatim', () => {
    const accession = "<svg/onload=alert(1)>'--";
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(3), 4, { accession }));
    expect(row(r.id).accession).toBe(accession);
    expect(getPatientRecord(nurse, pid).antibodyResults[0]!.accession).toBe(accession);
  });

  describe('hostile and impossible input is refused with a field error and nothing is written', () => {
    const cases: [string, () => Record<string, unknown>, ErrorCode, string][] = [
      ["a value 'abc'", () => abForm(daysAgo(1), 'abc'), 'invalid', 'value'],
      ['a value NaN', () => abForm(daysAgo(1), null, { value: Number.NaN }), 'invalid', 'value'],
      ["a value 'NaN'", () => abForm(daysAgo(1), 'NaN'), 'invalid', 'value'],
      ['a value 1e308', () => abForm(daysAgo(1), null, { value: 1e308 }), 'invalid', 'value'],
      ['a value Infinity', () => abForm(daysAgo(1), 'Infinity'), 'invalid', 'value'],
      ['a negative value', () => abForm(daysAgo(1), -3), 'invalid', 'value'],
      ['a value that is an object', () => abForm(daysAgo(1), null, { value: { $gt: 0 } }), 'invalid', 'value'],
      ['a collection date tomorrow', () => abForm(addDays(TODAY, 1), 10), 'invalid', 'collectedOn'],
      ['a collection date in 2999', () => abForm('2999-01-01', 10), 'invalid', 'collectedOn'],
      ['a collection date the day before birth', () => abForm(addDays(BIRTH, -1), 10), 'invalid', 'collectedOn'],
      ['a collection date 2024-02-30', () => abForm('2024-02-30', 10), 'invalid', 'collectedOn'],
      ['a collection date 2024-2-3', () => abForm('2024-2-3', 10), 'invalid', 'collectedOn'],
      ['no collection date', () => abForm('', 10), 'invalid', 'collectedOn'],
      ['a comparator without a number', () => abForm(daysAgo(1), null, { comparator: '<', qualitative: 'negative' }), 'invalid', 'comparator'],
      ['an unknown comparator', () => abForm(daysAgo(1), 10, { comparator: '>=' }), 'invalid', 'comparator'],
      ['neither value nor category', () => abForm(daysAgo(1), null), 'invalid', 'value'],
      ['an unknown category', () => abForm(daysAgo(1), null, { qualitative: 'very positive' }), 'invalid', 'qualitative'],
      ['an unknown assay id', () => abForm(daysAgo(1), 10, { assayId: 999 }), 'invalid', 'assayId'],
      ["an assay id 'abc'", () => abForm(daysAgo(1), 10, { assayId: 'abc' }), 'invalid', 'assayId'],
      ['an assay id 0', () => abForm(daysAgo(1), 10, { assayId: 0 }), 'invalid', 'assayId'],
      ['a cut-off of 0', () => abForm(daysAgo(1), 10, { cutoff: '0' }), 'invalid', 'cutoff'],
      ['a negative cut-off', () => abForm(daysAgo(1), 10, { cutoff: '-1' }), 'invalid', 'cutoff'],
      ['a number on a qualitative-only assay', () => abForm(daysAgo(1), 10, { assayId: ASSAY.ip }), 'invalid', 'value'],
      ['a 10k-character accession', () => abForm(daysAgo(1), 10, { accession: 'A'.repeat(10_000) }), 'invalid', 'accession'],
    ];
    it.each(cases)('%s', async (_label, form, code, field) => {
      await expectRefused(() => recordAntibodyResult(nurse, pid, form()), code, field);
    });

    it('a result for a deactivated assay', async () => {
      setAssayActive(admin, ASSAY.elisa, false);
      const err = await expectRefused(() => recordAntibodyResult(nurse, pid, abForm(daysAgo(1), 30, { assayId: ASSAY.elisa })), 'invalid', 'assayId');
      expect(err.message).toMatch(/deactivated/);
    });

    it('a numeric result on an assay whose cut-off is missing needs the cut-off from the report', async () => {
      // A catalog row without a cut-off (legacy data) must not let a number through without one.
      sqlite().prepare('UPDATE assays SET cutoff = NULL, positive_from = NULL, strong_above = NULL WHERE id = ?').run(ASSAY.elisa);
      await expectRefused(() => recordAntibodyResult(nurse, pid, abForm(daysAgo(1), 30, { assayId: ASSAY.elisa })), 'invalid', 'cutoff');
      expect(recordAntibodyResult(nurse, pid, abForm(daysAgo(1), 30, { assayId: ASSAY.elisa, cutoff: 20 })).cutoff).toBe(20);
    });

    it('an unknown patient, or one entered in error, is not found', async () => {
      await expectRefused(() => recordAntibodyResult(nurse, 999_999, abForm(daysAgo(1), 10)), 'not-found');
      sqlite().prepare('UPDATE patients SET entered_in_error = 1 WHERE id = ?').run(otherPid);
      await expectRefused(() => recordAntibodyResult(nurse, otherPid, abForm(daysAgo(1), 10)), 'not-found');
    });

    it.each<[string, unknown]>([['null', null], ['a string', 'abc'], ['an array', [abForm(daysAgo(1), 10)]]])('a non-object input (%s)', async (_l, input) => {
      await expectRefused(() => recordAntibodyResult(nurse, pid, input), 'invalid');
    });

    it('a refused write leaves the stored signals exactly as they were', async () => {
      recordAntibodyResult(nurse, pid, abForm(daysAgo(200), 40));
      recordAntibodyResult(nurse, pid, abForm(daysAgo(20), 3));
      const signals = storedSignals(pid);
      const summary = summaryRow(pid);
      expect(signals.length).toBeGreaterThan(0);
      await expectRefused(() => recordAntibodyResult(nurse, pid, abForm(addDays(TODAY, 1), 90)), 'invalid', 'collectedOn');
      expect(storedSignals(pid)).toEqual(signals);
      expect(summaryRow(pid)).toEqual(summary);
    });
  });

  describe('duplicates (the same result: patient, day, assay, comparator, value, category and unit)', () => {
    it('are refused with a warning on allowDuplicate, then accepted when confirmed', async () => {
      recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 12));
      const err = await expectRefused(() => recordAntibodyResult(physician, pid, abForm(daysAgo(5), '12')), 'conflict', 'allowDuplicate');
      expect(err.status).toBe(409);
      expect(err.message).toMatch(/already exists/);
      for (const allowDuplicate of [true, 'on', 'true']) {
        expect(recordAntibodyResult(physician, pid, abForm(daysAgo(5), 12, { allowDuplicate })).value).toBe(12);
      }
      expect(tableCounts().antibody_results).toBe(4);
    });

    it('are not duplicates when the analyte, assay, date, value or patient differs', () => {
      recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 12));
      recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 12, { assayId: ASSAY.alphaBlot }));
      // The other Mi-2β assay (12 SIU, another lab) that day is another result: never merged, no question (decision 27).
      recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 12, { assayId: ASSAY.betaImmunoblotB }));
      recordAntibodyResult(nurse, pid, abForm(daysAgo(6), 12));
      // Another value of the same assay that day is not a duplicate; it asks for its own confirmation (plausibility).
      recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 13, { allowImplausible: 'on' }));
      recordAntibodyResult(nurse, otherPid, abForm(daysAgo(5), 12));
      expect(tableCounts().antibody_results).toBe(6);
    });

    it('a row entered in error does not block re-entering the same result', () => {
      const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 12));
      markAntibodyResultInError(nurse, pid, r.id, 'entered twice by mistake');
      expect(recordAntibodyResult(nurse, pid, abForm(daysAgo(5), 12)).id).not.toBe(r.id);
    });
  });
});

describe('correctAntibodyResult', () => {
  it('keeps the earlier version in history with reason and author, bumps the version and audits before/after', () => {
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(30), 21, { accession: 'A-1' }));
    const fixed = correctAntibodyResult(physician, pid, r.id, abForm(daysAgo(31), 12, { accession: 'A-1' }), ' transcription error ');
    expect(fixed).toMatchObject({ id: r.id, value: 12, collectedOn: daysAgo(31), version: 2, enteredInError: false });
    const history = listRowHistory(reviewer, 'antibody-result', r.id, pid);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, changeReason: 'transcription error', changedBy: 'Test physician' });
    expect(history[0]!.data).toMatchObject({ id: r.id, value: 21, collectedOn: daysAgo(30), version: 1 });
    const ev = auditRows('antibody-result.correct');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: physician.userId, entity_id: String(r.id), patient_id: pid, reason: 'transcription error' });
    expect(JSON.parse(ev[0]!.before_json!)).toMatchObject({ value: 21, version: 1 });
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ value: 12, version: 2 });
    // A second correction adds the second version.
    correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(31), 13, { accession: 'A-1' }), 'lab amended the report');
    expect(listRowHistory(nurse, 'antibody-result', r.id, pid).map((h) => [h.version, h.data.value, h.changeReason])).toEqual([
      [1, 21, 'transcription error'],
      [2, 12, 'lab amended the report'],
    ]);
    expect(row(r.id)).toMatchObject({ value: 13, version: 3 });
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  });

  it('refuses a correction that changes nothing, and one without a proper reason', async () => {
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(30), 21));
    const err = await expectRefused(() => correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(30), '21.0'), 'no change really'), 'invalid');
    expect(err.message).toMatch(/Nothing was changed/);
    for (const reason of [undefined, '', 'ab', '  x ', 'r'.repeat(501)]) {
      await expectRefused(() => correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(30), 22), reason), 'invalid', 'reason');
    }
    expect(row(r.id)).toMatchObject({ value: 21, version: 1 });
  });

  it("another patient's result id is not found (both on correct and on mark in error); so is an unknown id", async () => {
    const mine = recordAntibodyResult(nurse, pid, abForm(daysAgo(30), 21));
    const theirs = recordAntibodyResult(nurse, otherPid, abForm(daysAgo(30), 40));
    await expectRefused(() => correctAntibodyResult(nurse, pid, theirs.id, abForm(daysAgo(30), 1), 'transcription error'), 'not-found');
    await expectRefused(() => markAntibodyResultInError(nurse, pid, theirs.id, 'wrong patient'), 'not-found');
    await expectRefused(() => correctAntibodyResult(nurse, otherPid, mine.id, abForm(daysAgo(30), 1), 'transcription error'), 'not-found');
    await expectRefused(() => correctAntibodyResult(nurse, pid, 999_999, abForm(daysAgo(30), 1), 'transcription error'), 'not-found');
    await expectRefused(() => markAntibodyResultInError(nurse, 999_999, mine.id, 'wrong patient'), 'not-found');
    expect(row(theirs.id)).toMatchObject({ value: 40, version: 1, entered_in_error: 0 });
  });

  it('validates the corrected values like new ones', async () => {
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(30), 21));
    const other = recordAntibodyResult(nurse, pid, abForm(daysAgo(20), 8));
    const correct = (form: Record<string, unknown>) => () => correctAntibodyResult(nurse, pid, r.id, form, 'transcription error');
    await expectRefused(correct(abForm(addDays(TODAY, 1), 21)), 'invalid', 'collectedOn');
    await expectRefused(correct(abForm(addDays(BIRTH, -1), 21)), 'invalid', 'collectedOn');
    await expectRefused(correct(abForm(daysAgo(30), 'abc')), 'invalid', 'value');
    await expectRefused(correct(abForm(daysAgo(30), 21, { cutoff: 0 })), 'invalid', 'cutoff');
    await expectRefused(correct(abForm(daysAgo(30), 21, { assayId: ASSAY.ip })), 'invalid', 'value');
    await expectRefused(correct(abForm(daysAgo(30), 21, { assayId: 999 })), 'invalid', 'assayId');
    // Turning it into a copy of the other result of that day is a possible duplicate.
    await expectRefused(correct(abForm(daysAgo(20), 8)), 'conflict', 'allowDuplicate');
    expect(correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(20), 8, { allowDuplicate: 'true' }), 'transcription error').collectedOn).toBe(daysAgo(20));
    expect(row(other.id)).toMatchObject({ version: 1 });
  });

  it('a result of a since-deactivated assay can still be corrected on that assay, but not moved to another deactivated one', async () => {
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(30), 21));
    setAssayActive(admin, ASSAY.betaBlot, false);
    setAssayActive(admin, ASSAY.betaImmunoblotB, false);
    expect(correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(30), 22), 'transcription error').value).toBe(22);
    await expectRefused(() => correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(30), 22, { assayId: ASSAY.betaImmunoblotB }), 'wrong assay picked'), 'invalid', 'assayId');
  });

  it('keeps the limits the result was read with when the catalog changed since (same assay)', () => {
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(60), 12));
    expect(r).toMatchObject({ cutoff: 5, positiveFrom: 11, strongAbove: 50, unit: 'units' });
    updateAssay(admin, ASSAY.betaBlot, {
      name: 'Mi-2β line blot', analyte: 'mi2-beta', method: 'line-blot', unit: 'SI units', cutoff: 8, positiveFrom: 15, strongAbove: 60,
    });
    // The correction form sends back the row's own cut-off; only the accession is fixed.
    const fixed = correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(60), 12, { cutoff: '5', accession: 'LAB-77' }), 'accession added');
    expect(fixed).toMatchObject({ accession: 'LAB-77', cutoff: 5, positiveFrom: 11, strongAbove: 50, unit: 'units' });
    expect(getPatientRecord(nurse, pid).antibodyResults[0]).toMatchObject({ cls: 'positive' });
    // Leaving the cut-off empty keeps the snapshot too.
    expect(correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(60), 12, { accession: 'LAB-78' }), 'accession typo')).toMatchObject({ cutoff: 5, positiveFrom: 11 });
    // Moving it to another assay takes that assay's limits.
    expect(correctAntibodyResult(nurse, pid, r.id, abForm(daysAgo(60), 12, { assayId: ASSAY.betaImmunoblotB, accession: 'LAB-78' }), 'wrong assay picked'))
      .toMatchObject({ assayId: ASSAY.betaImmunoblotB, cutoff: 10, positiveFrom: 11, strongAbove: null, unit: 'SIU' });
  });

  it('recomputes the signals: correcting a positive to a negative changes what is stored', () => {
    recordAntibodyResult(nurse, pid, abForm(daysAgo(300), 40));
    const last = recordAntibodyResult(nurse, pid, abForm(daysAgo(10), 30));
    expect(storedCodes(pid)).not.toContain('titer-normalized');
    correctAntibodyResult(nurse, pid, last.id, abForm(daysAgo(10), 3), 'transcription error');
    expect(storedCodes(pid)).toContain('titer-normalized');
    expect(JSON.parse(summaryRow(pid)!.snapshot_json).titer).toMatchObject({ cls: 'negative', on: daysAgo(10) });
  });
});

describe('markAntibodyResultInError', () => {
  it('hides the row from signals and the summary, keeps it in the record flagged, and forbids later changes', async () => {
    const pos = recordAntibodyResult(nurse, pid, abForm(daysAgo(300), 40));
    const neg = recordAntibodyResult(nurse, pid, abForm(daysAgo(10), 3));
    expect(storedCodes(pid)).toContain('titer-normalized');
    expect(summaryRow(pid)!.last_titer_on).toBe(daysAgo(10));

    const marked = markAntibodyResultInError(physician, pid, neg.id, ' result belongs to another patient ');
    expect(marked).toMatchObject({ enteredInError: true, errorReason: 'result belongs to another patient', version: 2 });
    expect(storedCodes(pid)).not.toContain('titer-normalized');
    expect(summaryRow(pid)!.last_titer_on).toBe(daysAgo(300));
    expect(JSON.parse(summaryRow(pid)!.snapshot_json).titer).toMatchObject({ cls: 'positive', on: daysAgo(300) });

    const rec = getPatientRecord(reviewer, pid).antibodyResults;
    expect(rec.map((r) => [r.id, r.enteredInError])).toEqual([[pos.id, false], [neg.id, true]]);
    expect(listRowHistory(reviewer, 'antibody-result', neg.id, pid)).toMatchObject([{ version: 1, changeReason: 'result belongs to another patient', changedBy: 'Test physician', data: { enteredInError: false } }]);
    const ev = auditRows('antibody-result.entered-in-error');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ reason: 'result belongs to another patient', entity_id: String(neg.id) });
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ enteredInError: true });

    const err = await expectRefused(() => correctAntibodyResult(nurse, pid, neg.id, abForm(daysAgo(10), 4), 'transcription error'), 'invalid');
    expect(err.message).toMatch(/entered in error/);
    await expectRefused(() => markAntibodyResultInError(nurse, pid, neg.id, 'again'), 'invalid');
    expect(row(neg.id)).toMatchObject({ value: 3, version: 2, entered_in_error: 1 });
  });

  it('needs a reason', async () => {
    const r = recordAntibodyResult(nurse, pid, abForm(daysAgo(10), 3));
    for (const reason of [undefined, null, '', 'no', 42]) await expectRefused(() => markAntibodyResultInError(nurse, pid, r.id, reason), 'invalid', 'reason');
    expect(row(r.id).entered_in_error).toBe(0);
  });
});
