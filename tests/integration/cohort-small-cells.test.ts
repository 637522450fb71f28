/**
 * Small cells in the de-identified cohort view downloads (decision 24): a median or
 * quartile of fewer than k = 5 patients is one patient's value (or close to it), so it
 * is left blank, as an assay's first and last dates are; the patients column, counts,
 * percentages and p-values stay, and README.txt says both. Identified files keep every
 * number. Five anti-Mi2+ patients (enough), four anti-Mi2− (too few), and the clinic's
 * only IMNM patient with a peak CK of 23456 U/L.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { exportCohortViewCsv } from '@/lib/dal/cohort-csv';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import type { Actor } from '@/lib/dal/actor';
import { parseCsv } from '@/lib/domain/csv';
import { makeActor } from '../setup/actors';
import { abForm, ckForm, daysAgo, newPatient } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';
import { unzip } from '../setup/unzip';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor, reviewer: Actor;

beforeAll(async () => {
  db = useTempDatabase();
  let nurse: Actor;
  [physician, nurse, reviewer] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
  const add = (group: string, i: number, ck: number, titerDays: number[]) => {
    const id = newPatient(physician, { diagnosisGroup: group, birthDate: `19${60 + i}-01-01` });
    recordEnzymeResult(nurse, id, ckForm(daysAgo(40), ck, { upperLimit: '200' }));
    for (const ago of titerDays) recordAntibodyResult(nurse, id, abForm(daysAgo(ago), 20));
  };
  // Anti-Mi2+: peak CK 1000-1004, titers 100 days apart (5 serial patients).
  for (let i = 0; i < 5; i++) add('mi2-pos-dm', i, 1000 + i, [300, 200]);
  // Anti-Mi2−: peak CK 700-703, titers 90 days apart (4 serial patients).
  for (let i = 0; i < 4; i++) add('mi2-neg-dm', 10 + i, 700 + i, [290, 200]);
  add('imnm', 20, 23456, []);
}, 60_000);
afterAll(() => db.dispose());

type Files = Record<string, string>;
const download = (actor: Actor, raw: Record<string, unknown>): Files => unzip(exportCohortViewCsv(actor, raw).zip) as Files;
function rows(files: Files, section: string): Record<string, string>[] {
  const t = parseCsv(files['data.csv']!);
  if (!t.ok) throw new Error(t.error);
  return t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r.cells[i] ?? '']))).filter((r) => r.section === section);
}
const byGroup = (list: Record<string, string>[], group: string) => list.find((r) => r.group === group)!;

describe('de-identified phenotype download: no median of fewer than 5 patients', () => {
  it("the IMNM group of one patient gives its count, never that patient's peak CK; 4 patients are blank too, 5 are shown", () => {
    const files = download(reviewer, { view: 'phenotype' });
    expect(files['data.csv']).not.toContain('23456');
    const ck = rows(files, 'per-patient value').filter((r) => r.measure === 'Peak CK (U/L)');
    expect(byGroup(ck, 'IMNM')).toMatchObject({ patients: '1', median: '', q1: '', q3: '' });
    expect(byGroup(ck, 'Anti-Mi2− DM')).toMatchObject({ patients: '4', median: '', q1: '', q3: '' });
    expect(byGroup(ck, 'Anti-Mi2+ DM')).toMatchObject({ patients: '5', median: '1002', q1: '1001', q3: '1003' });
    // No per-patient value row of a de-identified file carries a number for fewer than 5 patients.
    for (const r of rows(files, 'per-patient value').filter((x) => Number(x.patients) < 5)) expect([r.median, r.q1, r.q3]).toEqual(['', '', '']);
    // Counts stay, and the README says what was blanked and what was not.
    expect(byGroup(rows(files, 'group'), 'IMNM').patients).toBe('1');
    expect(files['README.txt']).toContain('a median or quartile of fewer than 5 patients is left blank');
    expect(files['README.txt']).toContain('Counts of patients, percentages, correlations and p-values are given at every group size');
    expect(files['dictionary.csv']).toMatch(/median,number,.*Blank in de-identified files when fewer than 5 patients/);
  });

  it('an identified download (a physician asking) keeps every number', () => {
    const files = download(physician, { view: 'phenotype', identified: '1' });
    const ck = rows(files, 'per-patient value').filter((r) => r.measure === 'Peak CK (U/L)');
    expect(byGroup(ck, 'IMNM')).toMatchObject({ patients: '1', median: '23456' });
    expect(byGroup(ck, 'Anti-Mi2− DM').median).toBe('701.5');
    expect(files['README.txt']).not.toContain('left blank');
  });
});

describe('de-identified follow-up download: no interval of fewer than 5 patients', () => {
  it('the anti-Mi2− group (4 serial patients) has no interval median; anti-Mi2+ (5) has, counts stay', () => {
    const groups = rows(download(reviewer, { view: 'follow-up', group: ['mi2-pos-dm', 'mi2-neg-dm'] }), 'group');
    expect(byGroup(groups, 'Anti-Mi2− DM')).toMatchObject({ patients: '4', serial: '4', intervals: '4', median_interval_days: '', q1_days: '', q3_days: '' });
    expect(byGroup(groups, 'Anti-Mi2+ DM')).toMatchObject({ serial: '5', median_interval_days: '100', q1_days: '100', q3_days: '100' });
    const identified = rows(download(physician, { view: 'follow-up', group: ['mi2-neg-dm'], identified: '1' }), 'group');
    expect(byGroup(identified, 'Anti-Mi2− DM').median_interval_days).toBe('90');
  });

  it('an assay fewer than 5 patients had keeps its counts but not its dates; with 9 patients its dates are there', () => {
    const few = rows(download(reviewer, { view: 'follow-up', group: ['mi2-neg-dm'] }), 'assay');
    expect(few).toEqual([expect.objectContaining({ patients: '4', results: '8', first: '', last: '' })]);
    const many = rows(download(reviewer, { view: 'follow-up', group: ['mi2-pos-dm', 'mi2-neg-dm'] }), 'assay');
    expect(many).toEqual([expect.objectContaining({ patients: '9', first: daysAgo(300), last: daysAgo(200) })]);
  });
});
