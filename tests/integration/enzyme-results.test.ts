import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { correctEnzymeResult, markEnzymeResultInError, recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { listRowHistory } from '@/lib/dal/history';
import { getPatientRecord } from '@/lib/dal/patient-record';
import { addDays } from '@/lib/domain/dates';
import type { ErrorCode } from '@/lib/errors';
import { inactive, makeTeam } from '../setup/actors';
import { auditRows, ckForm, daysAgo, expectRefused, newPatient, sqlite, storedSignals, summaryRow, TODAY } from '../setup/dal-helpers';
import { databasePerTest, tableCounts } from '../setup/temp-db';

let admin: Actor, physician: Actor, nurse: Actor, reviewer: Actor;
let woman: number, man: number;
const BIRTH = '1970-06-15';

databasePerTest(async () => {
  ({ admin, physician, nurse, reviewer } = await makeTeam());
  woman = newPatient(physician, { sex: 'female', birthDate: BIRTH });
  man = newPatient(physician, { sex: 'male', familyName: 'Roe', givenName: 'Rob', birthDate: '1965-03-01' });
});

const row = (id: number) => sqlite().prepare('SELECT * FROM enzyme_results WHERE id = ?').get(id) as Record<string, unknown>;

describe('who may enter, correct and remove enzyme results (lab:write: physician, nurse)', () => {
  it('admins, reviewers and deactivated users are refused on every write and nothing is written', async () => {
    const r = recordEnzymeResult(nurse, woman, ckForm(daysAgo(10), 500));
    for (const actor of [admin, reviewer, inactive(physician), inactive(nurse)]) {
      await expectRefused(() => recordEnzymeResult(actor, woman, ckForm(daysAgo(5), 300)), 'forbidden');
      await expectRefused(() => correctEnzymeResult(actor, woman, r.id, ckForm(daysAgo(10), 501), 'transcription error'), 'forbidden');
      await expectRefused(() => markEnzymeResultInError(actor, woman, r.id, 'wrong patient'), 'forbidden');
      await expectRefused(() => recordEnzymeResult(actor, woman, { value: -1 }), 'forbidden');
    }
    expect(row(r.id)).toMatchObject({ value: 500, version: 1, entered_in_error: 0 });
  });

  it('physicians and nurses enter, correct and remove; every role reads them', () => {
    const a = recordEnzymeResult(physician, woman, ckForm(daysAgo(20), 800));
    const b = recordEnzymeResult(nurse, woman, ckForm(daysAgo(10), 600));
    expect(correctEnzymeResult(physician, woman, a.id, ckForm(daysAgo(20), 850), 'transcription error').valueUL).toBe(850);
    expect(markEnzymeResultInError(nurse, woman, b.id, 'wrong patient').enteredInError).toBe(true);
    for (const actor of [admin, physician, nurse, reviewer]) {
      expect(getPatientRecord(actor, woman).enzymeResults.map((e) => [e.id, e.valueUL, e.enteredInError])).toEqual([[a.id, 850, false], [b.id, 600, true]]);
      expect(listRowHistory(actor, 'enzyme-result', a.id, woman)).toHaveLength(1);
    }
  });
});

describe('units and reference limits', () => {
  it('stores ukat/L as reported and in U/L (2 ukat/L = 120 U/L)', () => {
    const r = recordEnzymeResult(nurse, woman, ckForm(daysAgo(3), '2', { unit: 'ukat/L' }));
    expect(r).toMatchObject({ analyte: 'ck', value: 2, unit: 'ukat/L', valueUL: 120, upperLimitUL: 207, lowerLimitUL: null });
    expect(row(r.id)).toMatchObject({ value: 2, unit: 'ukat/L', value_ul: 120 });
    const dto = getPatientRecord(physician, woman).enzymeResults[0]!;
    expect(dto).toMatchObject({ value: 2, unit: 'ukat/L', valueUL: 120, flag: 'normal' });
    expect(dto.xUln).toBeCloseTo(120 / 207);
    // Floating-point noise is dropped: 1.1 ukat/L is 66 U/L exactly.
    expect(recordEnzymeResult(nurse, woman, ckForm(daysAgo(2), '1,1', { unit: 'ukat/L' })).valueUL).toBe(66);
  });

  it('converts reference limits typed in ukat/L to U/L', () => {
    const r = recordEnzymeResult(nurse, man, ckForm(daysAgo(3), '10', { unit: 'ukat/L', lowerLimit: '0.5', upperLimit: '3.45' }));
    expect(r).toMatchObject({ valueUL: 600, lowerLimitUL: 30, upperLimitUL: 207 });
    expect(getPatientRecord(nurse, man).enzymeResults[0]).toMatchObject({ flag: 'high' });
    expect(JSON.parse(summaryRow(man)!.snapshot_json).ck).toMatchObject({ valueUL: 600, upperLimitUL: 207, high: true, on: daysAgo(3) });
  });

  it('uses the lab limits in U/L when given, with no lower limit when only the upper one is given', () => {
    expect(recordEnzymeResult(nurse, woman, ckForm(daysAgo(5), 250, { lowerLimit: '26', upperLimit: '192' }))).toMatchObject({ lowerLimitUL: 26, upperLimitUL: 192 });
    expect(recordEnzymeResult(nurse, woman, ckForm(daysAgo(4), 250, { upperLimit: '300' }))).toMatchObject({ lowerLimitUL: null, upperLimitUL: 300 });
    const rec = getPatientRecord(nurse, woman).enzymeResults;
    expect(rec.map((e) => e.flag)).toEqual(['high', 'normal']);
  });

  it('falls back to the site default ULN for the patient sex: female 207, male 395, unknown the lower (a fallback never calls a value normal by a guessed sex)', () => {
    expect(recordEnzymeResult(nurse, woman, ckForm(daysAgo(3), 300))).toMatchObject({ upperLimitUL: 207, lowerLimitUL: null });
    expect(recordEnzymeResult(nurse, man, ckForm(daysAgo(3), 300))).toMatchObject({ upperLimitUL: 395, lowerLimitUL: null });
    const unknown = newPatient(physician, { sex: 'unknown' });
    expect(recordEnzymeResult(nurse, unknown, ckForm(daysAgo(3), 300)).upperLimitUL).toBe(207);
    // The same CK is high for her and normal for him.
    expect(getPatientRecord(nurse, woman).enzymeResults[0]!.flag).toBe('high');
    expect(getPatientRecord(nurse, man).enzymeResults[0]!.flag).toBe('normal');
  });

  it('records the other muscle enzymes with their own defaults', () => {
    expect(recordEnzymeResult(nurse, man, ckForm(daysAgo(3), '9.1', { analyte: 'aldolase' }))).toMatchObject({ analyte: 'aldolase', valueUL: 9.1, upperLimitUL: 7.6 });
    expect(recordEnzymeResult(nurse, man, ckForm(daysAgo(3), 50, { analyte: 'alt' }))).toMatchObject({ analyte: 'alt', upperLimitUL: 41 });
  });
});

describe('recordEnzymeResult', () => {
  it('audits the new row and refreshes the summary in the same transaction', () => {
    const before = tableCounts();
    const r = recordEnzymeResult(nurse, woman, ckForm(daysAgo(3), 1200, { accession: 'CK-9' }));
    expect(tableCounts().audit_events).toBe(before.audit_events! + 1);
    const ev = auditRows('enzyme-result.create');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ user_id: nurse.userId, entity: 'enzyme-result', entity_id: String(r.id), patient_id: woman });
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ id: r.id, valueUL: 1200, accession: 'CK-9' });
    expect(JSON.parse(summaryRow(woman)!.snapshot_json).ck).toMatchObject({ valueUL: 1200, high: true });
  });

  describe('hostile and impossible input is refused with a field error and nothing is written', () => {
    const cases: [string, () => Record<string, unknown>, ErrorCode, string][] = [
      ['a negative CK', () => ckForm(daysAgo(1), '-5'), 'invalid', 'value'],
      ['CK 0', () => ckForm(daysAgo(1), '0'), 'invalid', 'value'],
      ["CK 'abc'", () => ckForm(daysAgo(1), 'abc'), 'invalid', 'value'],
      ['CK NaN', () => ckForm(daysAgo(1), 0, { value: Number.NaN }), 'invalid', 'value'],
      ['CK 1e308', () => ckForm(daysAgo(1), 0, { value: 1e308 }), 'invalid', 'value'],
      ['CK -Infinity', () => ckForm(daysAgo(1), '-Infinity'), 'invalid', 'value'],
      ['no value', () => ckForm(daysAgo(1), ''), 'invalid', 'value'],
      ['no value key at all', () => ({ analyte: 'ck', collectedOn: daysAgo(1), unit: 'U/L' }), 'invalid', 'value'],
      ['CK above the plausible maximum once converted (10 000 ukat/L)', () => ckForm(daysAgo(1), '10000', { unit: 'ukat/L' }), 'invalid', 'value'],
      ['a collection date tomorrow', () => ckForm(addDays(TODAY, 1), 300), 'invalid', 'collectedOn'],
      ['a collection date before birth', () => ckForm(addDays(BIRTH, -1), 300), 'invalid', 'collectedOn'],
      ['a collection date 2024-02-30', () => ckForm('2024-02-30', 300), 'invalid', 'collectedOn'],
      ['an unknown analyte', () => ckForm(daysAgo(1), 300, { analyte: 'troponin' }), 'invalid', 'analyte'],
      ['an unknown unit', () => ckForm(daysAgo(1), 300, { unit: 'mmol/L' }), 'invalid', 'unit'],
      ['an upper limit of 0', () => ckForm(daysAgo(1), 300, { upperLimit: '0' }), 'invalid', 'upperLimit'],
      ["an upper limit 'abc'", () => ckForm(daysAgo(1), 300, { upperLimit: 'abc' }), 'invalid', 'upperLimit'],
      ['a lower limit at or above the upper limit', () => ckForm(daysAgo(1), 300, { lowerLimit: '200', upperLimit: '200' }), 'invalid', 'lowerLimit'],
      ['a lower limit above the default upper limit', () => ckForm(daysAgo(1), 300, { lowerLimit: '250' }), 'invalid', 'lowerLimit'],
      ['a 10k-character accession', () => ckForm(daysAgo(1), 300, { accession: 'x'.repeat(10_000) }), 'invalid', 'accession'],
    ];
    it.each(cases)('%s', async (_label, form, code, field) => {
      await expectRefused(() => recordEnzymeResult(nurse, woman, form()), code, field);
    });

    it('an unknown patient is not found', async () => {
      await expectRefused(() => recordEnzymeResult(nurse, 999_999, ckForm(daysAgo(1), 300)), 'not-found');
    });

    it('a refused write leaves the stored signals and summary unchanged', async () => {
      recordEnzymeResult(nurse, woman, ckForm(daysAgo(10), 900));
      const signals = storedSignals(woman);
      const summary = summaryRow(woman);
      await expectRefused(() => recordEnzymeResult(nurse, woman, ckForm(addDays(TODAY, 3), 100)), 'invalid', 'collectedOn');
      expect(storedSignals(woman)).toEqual(signals);
      expect(summaryRow(woman)).toEqual(summary);
    });

    it('stores an HTML accession verbatim', () => {
      const r = recordEnzymeResult(nurse, woman, ckForm(daysAgo(1), 300, { accession: '<i>1</i>; DROP TABLE enzyme_results;' }));
      expect(row(r.id).accession).toBe('<i>1</i>; DROP TABLE enzyme_results;');
    });
  });

  describe('duplicates', () => {
    it('the same analyte, day and value (compared in U/L) is refused with a warning, then accepted when confirmed', async () => {
      recordEnzymeResult(nurse, woman, ckForm(daysAgo(2), 120));
      await expectRefused(() => recordEnzymeResult(nurse, woman, ckForm(daysAgo(2), '120')), 'conflict', 'allowDuplicate');
      // 2 ukat/L is the same 120 U/L.
      await expectRefused(() => recordEnzymeResult(nurse, woman, ckForm(daysAgo(2), '2', { unit: 'ukat/L' })), 'conflict', 'allowDuplicate');
      expect(recordEnzymeResult(nurse, woman, ckForm(daysAgo(2), '2', { unit: 'ukat/L', allowDuplicate: 'on' })).valueUL).toBe(120);
      // Another day, value, analyte or patient is not a duplicate.
      recordEnzymeResult(nurse, woman, ckForm(daysAgo(3), 120));
      recordEnzymeResult(nurse, woman, ckForm(daysAgo(2), 121, { allowImplausible: 'on' })); // another value that day: its own confirmation
      recordEnzymeResult(nurse, woman, ckForm(daysAgo(2), 120, { analyte: 'ldh' }));
      recordEnzymeResult(nurse, man, ckForm(daysAgo(2), 120));
      expect(tableCounts().enzyme_results).toBe(6);
    });
  });
});

describe('correctEnzymeResult and markEnzymeResultInError', () => {
  it('a correction keeps the earlier version with reason and author, bumps the version and audits before/after', () => {
    const r = recordEnzymeResult(nurse, woman, ckForm(daysAgo(10), 2, { unit: 'ukat/L' }));
    const fixed = correctEnzymeResult(physician, woman, r.id, ckForm(daysAgo(10), 2), 'unit was U/L, not ukat/L');
    expect(fixed).toMatchObject({ value: 2, unit: 'U/L', valueUL: 2, version: 2 });
    const [h] = listRowHistory(reviewer, 'enzyme-result', r.id, woman);
    expect(h).toMatchObject({ version: 1, changeReason: 'unit was U/L, not ukat/L', changedBy: 'Test physician', data: { unit: 'ukat/L', valueUL: 120 } });
    const ev = auditRows('enzyme-result.correct');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.reason).toBe('unit was U/L, not ukat/L');
    expect(JSON.parse(ev[0]!.before_json!)).toMatchObject({ valueUL: 120, version: 1 });
    expect(JSON.parse(ev[0]!.after_json!)).toMatchObject({ valueUL: 2, version: 2 });
  });

  it('refuses "nothing changed", a missing reason, bad values, and rows of another patient', async () => {
    const r = recordEnzymeResult(nurse, woman, ckForm(daysAgo(10), 300));
    const theirs = recordEnzymeResult(nurse, man, ckForm(daysAgo(10), 300));
    const err = await expectRefused(() => correctEnzymeResult(nurse, woman, r.id, ckForm(daysAgo(10), '300'), 'nothing really'), 'invalid');
    expect(err.message).toMatch(/Nothing was changed/);
    await expectRefused(() => correctEnzymeResult(nurse, woman, r.id, ckForm(daysAgo(10), 301), ''), 'invalid', 'reason');
    await expectRefused(() => correctEnzymeResult(nurse, woman, r.id, ckForm(daysAgo(10), 0), 'transcription error'), 'invalid', 'value');
    await expectRefused(() => correctEnzymeResult(nurse, woman, r.id, ckForm(addDays(TODAY, 1), 301), 'transcription error'), 'invalid', 'collectedOn');
    await expectRefused(() => correctEnzymeResult(nurse, woman, theirs.id, ckForm(daysAgo(10), 301), 'transcription error'), 'not-found');
    await expectRefused(() => markEnzymeResultInError(nurse, woman, theirs.id, 'wrong patient'), 'not-found');
    await expectRefused(() => correctEnzymeResult(nurse, woman, 999_999, ckForm(daysAgo(10), 301), 'transcription error'), 'not-found');
    expect(row(r.id)).toMatchObject({ value_ul: 300, version: 1 });
    expect(row(theirs.id)).toMatchObject({ value_ul: 300, version: 1, entered_in_error: 0 });
  });

  it('a removed row leaves the summary, stays in the record flagged and cannot be corrected', async () => {
    const old = recordEnzymeResult(nurse, woman, ckForm(daysAgo(30), 150));
    const wrong = recordEnzymeResult(nurse, woman, ckForm(daysAgo(5), 5000));
    expect(JSON.parse(summaryRow(woman)!.snapshot_json).ck).toMatchObject({ valueUL: 5000, high: true });
    expect(markEnzymeResultInError(nurse, woman, wrong.id, 'sample of another patient')).toMatchObject({ enteredInError: true, errorReason: 'sample of another patient' });
    expect(JSON.parse(summaryRow(woman)!.snapshot_json).ck).toMatchObject({ valueUL: 150, high: false, on: daysAgo(30) });
    expect(getPatientRecord(reviewer, woman).enzymeResults.map((e) => [e.id, e.enteredInError])).toEqual([[old.id, false], [wrong.id, true]]);
    expect(auditRows('enzyme-result.entered-in-error')).toHaveLength(1);
    const err = await expectRefused(() => correctEnzymeResult(nurse, woman, wrong.id, ckForm(daysAgo(5), 500), 'transcription error'), 'invalid');
    expect(err.message).toMatch(/entered in error/);
    await expectRefused(() => markEnzymeResultInError(nurse, woman, wrong.id, 'again'), 'invalid');
    // The duplicate check ignores the removed row.
    expect(recordEnzymeResult(nurse, woman, ckForm(daysAgo(5), 5000)).valueUL).toBe(5000);
  });
});
