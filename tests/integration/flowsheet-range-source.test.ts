/**
 * The record's flowsheet says where a reference range came from when the lab did not give
 * it, as the results table does (hazard E8; found by a safety review, 2026-12-06): read
 * through the data layer from the stored timeline, on a real SQLite file.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { getPatientOverview } from '@/lib/dal/patient-page';
import { makeTeam } from '../setup/actors';
import { daysAgo, newPatient } from '../setup/dal-helpers';
import { databasePerTest } from '../setup/temp-db';

let physician: Actor, nurse: Actor;
databasePerTest(async () => {
  ({ physician, nurse } = await makeTeam());
});

const referenceCells = (pid: number) =>
  Object.values(getPatientOverview(physician, pid).timeline.shell.flowsheet.rows.find((r) => r.key === 'reference:ck')?.cells ?? {}).map((c) => c.text);

describe('the CK reference row of the flowsheet', () => {
  it('marks the site default, then this patient\'s earlier range, and leaves the lab\'s own range plain', () => {
    const pid = newPatient(physician, { sex: 'female' });
    recordEnzymeResult(nurse, pid, { analyte: 'ck', collectedOn: daysAgo(30), value: '180', unit: 'U/L' });
    expect(referenceCells(pid)).toEqual(['≤ 207 U/L (site default)']);
    recordEnzymeResult(nurse, pid, { analyte: 'ck', collectedOn: daysAgo(20), value: '150', unit: 'U/L', upperLimit: '190' });
    recordEnzymeResult(nurse, pid, { analyte: 'ck', collectedOn: daysAgo(10), value: '160', unit: 'U/L' });
    expect(referenceCells(pid)).toEqual(['≤ 207 U/L (site default)', '≤ 190 U/L', "≤ 190 U/L (this patient's earlier range)"]);
  });
});
