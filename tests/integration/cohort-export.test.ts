import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCohortCsv } from '@/lib/dal/cohort-export';
import { createPatient } from '@/lib/dal/patients';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { countAuditEvents } from '@/lib/dal/audit';
import { chainWaitingReadEvents } from '@/lib/dal/read-audit';
import { getDb } from '@/db/client';
import { addDays, daysBetween } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import type { Actor } from '@/lib/dal/actor';
import { makeActor } from '../setup/actors';
import { useTempDatabase } from '../setup/temp-db';

const today = clinicToday();
const parse = (csv: string) => csv.trim().split('\r\n').map((l) => l.split(','));

describe('cohort export', () => {
  let db: ReturnType<typeof useTempDatabase>;
  let physician: Actor;
  beforeAll(async () => {
    db = useTempDatabase();
    physician = await makeActor('physician');
    const p = createPatient(physician, { mrn: 'EXP-1', familyName: 'Secretname', givenName: 'Hidden', birthDate: '1972-06-15', sex: 'female', diagnosisGroup: 'mi2-pos-dm' });
    recordEnzymeResult(physician, p.id, { analyte: 'ck', collectedOn: addDays(today, -100), value: 900, unit: 'U/L', upperLimit: 200 });
    recordEnzymeResult(physician, p.id, { analyte: 'ck', collectedOn: addDays(today, -10), value: 150, unit: 'U/L', upperLimit: 200 });
  });
  afterAll(() => db.dispose());

  it('identified export names the patient and keeps real dates', () => {
    const rows = parse(exportCohortCsv(physician, { deidentified: false }));
    expect(rows[0]).toContain('mrn');
    expect(rows.slice(1).map((r) => r[7])).toEqual([addDays(today, -100), addDays(today, -10)]);
    expect(rows[1]).toContain('Secretname');
  });

  it('de-identified export drops names and MRN, keeps intervals, and is audited', () => {
    // Exports are audited through the read journal: count the chain as the audit page shows it.
    const audited = () => (chainWaitingReadEvents(), countAuditEvents(getDb()));
    const before = audited();
    const csv = exportCohortCsv(physician, { deidentified: true });
    expect(csv).not.toContain('Secretname');
    expect(csv).not.toContain('EXP-1');
    expect(csv).not.toContain('1972-06-15');
    const rows = parse(csv).slice(1);
    expect(rows.map((r) => r[0])).toEqual(['P00001', 'P00001']);
    expect(daysBetween(rows[0]![7]!, rows[1]![7]!)).toBe(90);
    expect(audited()).toBe(before + 1);
  });

  it('nurses cannot export', async () => {
    const nurse = await makeActor('nurse');
    expect(() => exportCohortCsv(nurse, { deidentified: true })).toThrow(/role does not allow/);
  });
});
