/**
 * The research export as a statistician and an auditor receive it: a ZIP whose
 * data.csv loads with the types its dictionary.csv declares, and whose de-identified
 * form holds no identifier, keeps k >= 5 over birth year, sex and diagnosis group (as
 * README.txt states), moves every date back (never past today, intervals kept) and
 * draws new pseudonyms every time. Identified exports are for roles that may export
 * identified data only, and are audited with their row count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCohortCsv } from '@/lib/dal/cohort-export';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { recordVisit } from '@/lib/dal/visits';
import { daysBetween } from '@/lib/domain/dates';
import { parseCsv } from '@/lib/domain/csv';
import type { Actor } from '@/lib/dal/actor';
import { makeActor } from '../setup/actors';
import { abForm, appError, auditRows, ckForm, daysAgo, newPatient, sqlite, TODAY } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';
import { unzip } from '../setup/unzip';

type Table = { header: string[]; rows: Record<string, string>[] };
function table(csv: string): Table {
  const t = parseCsv(csv);
  if (!t.ok) throw new Error(t.error);
  return { header: t.header, rows: t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r.cells[i] ?? '']))) };
}

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor, nurse: Actor, reviewer: Actor;
let tracked: number;
const ids: number[] = [];

beforeAll(async () => {
  db = useTempDatabase();
  [physician, nurse, reviewer] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
  // Five women with anti-Mi2+ DM born 1970-1974 (each exact year unique: bands needed), and one man with IMNM born 1990 (alone: suppressed, then left out).
  tracked = newPatient(physician, { mrn: 'EXP-1', familyName: 'Secretname', givenName: 'Hidden', birthDate: '1972-06-15', sex: 'female', diagnosisGroup: 'mi2-pos-dm' });
  ids.push(tracked);
  for (const y of [1970, 1971, 1973, 1974]) ids.push(newPatient(physician, { birthDate: `${y}-03-03`, sex: 'female', diagnosisGroup: 'mi2-pos-dm' }));
  ids.push(newPatient(physician, { mrn: 'EXP-LONER', familyName: 'Lonely', birthDate: '1990-01-01', sex: 'male', diagnosisGroup: 'imnm' }));
  // The tracked patient: CK 901, 902, 903 on days 120, 20 and 0 before today (today's date is the edge of "never past today").
  for (const [ago, v] of [[120, 901], [20, 902], [0, 903]] as const) recordEnzymeResult(nurse, tracked, ckForm(daysAgo(ago), v, { upperLimit: '207' }));
  recordAntibodyResult(nurse, tracked, abForm(daysAgo(30), 5, { comparator: '<' }));
  recordAntibodyResult(nurse, tracked, { assayId: 5, collectedOn: daysAgo(25), value: '', qualitative: 'positive' });
  recordVisit(physician, tracked, { visitOn: daysAgo(20), mmt_neck_flexors: 8, physicianGlobal: '3.5', haq: '1.25' });
  for (const id of ids.slice(1)) recordEnzymeResult(nurse, id, ckForm(daysAgo(50), 300 + id, { lowerLimit: '30', upperLimit: '180' }));
});
afterAll(() => db.dispose());

/** Checks every cell of data.csv against the type its dictionary declares. */
function expectTyped(data: Table, dictionary: Table): void {
  expect(dictionary.rows.map((r) => r.column)).toEqual(data.header);
  for (const d of dictionary.rows) {
    const allowed = d.allowed_values ? d.allowed_values.split(', ') : null;
    for (const row of data.rows) {
      const v = row[d.column ?? ''] ?? '';
      if (v === '') continue;
      const where = `${d.column}=${v}`;
      if (d.type === 'integer') expect(v, where).toMatch(/^-?\d+$/);
      if (d.type === 'number') expect(Number.isFinite(Number(v)) && !/^'/.test(v), where).toBe(true);
      if (d.type === 'date') expect(v <= TODAY && /^\d{4}-\d{2}-\d{2}$/.test(v), where).toBe(true);
      if (d.type === 'category' && allowed) expect(allowed, where).toContain(v);
    }
  }
}

describe('de-identified research export', () => {
  it('loads with the dictionary\'s types: numbers are numbers, limits and categories in their own columns', () => {
    const files = unzip(exportCohortCsv(reviewer, { identified: false }).zip);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'data.csv', 'dictionary.csv']);
    const data = table(files['data.csv']!);
    expectTyped(data, table(files['dictionary.csv']!));
    const ck = data.rows.find((r) => r.value_number === '903')!;
    expect(ck).toMatchObject({ kind: 'enzyme', measure: 'ck', unit: 'U/L', reference_low: '', reference_high: '207', enzyme_flag: 'high' });
    expect(data.rows.find((r) => r.comparator === '<')).toMatchObject({ value_number: '5', antibody_class: 'negative', reference_high: '5' });
    expect(data.rows.find((r) => r.value_category === 'positive')).toMatchObject({ value_number: '' });
    expect(data.rows.find((r) => r.measure === 'mmt8-unilateral')).toMatchObject({ value_number: '', mmt_tested: '1', mmt_required: '8' });
    expect(files['data.csv']).not.toMatch(/'-?\d|,-\d+,/);
  });

  it('holds no identifier, keeps k >= 5 as the README says, and keeps no date after today', () => {
    const files = unzip(exportCohortCsv(reviewer, { identified: false }).zip);
    for (const secret of ['Secretname', 'Hidden', 'EXP-1', 'EXP-LONER', 'Lonely', '1972-06-15', '1990-01-01']) expect(files['data.csv']).not.toContain(secret);
    const data = table(files['data.csv']!);
    const internal = new Set(ids.map(String));
    for (const r of data.rows) {
      expect(r.patient).toMatch(/^P-[A-HJ-NP-Z2-9]{8}$/);
      expect(internal.has(r.patient ?? '')).toBe(false);
      expect(r.date! <= TODAY).toBe(true);
    }
    const classes = new Map<string, Set<string>>();
    for (const r of data.rows) {
      const key = [r.birth_year_low, r.birth_year_high, r.sex, r.diagnosis_group].join('|');
      classes.set(key, (classes.get(key) ?? new Set()).add(r.patient ?? ''));
    }
    const k = Math.min(...[...classes.values()].map((s) => s.size));
    expect(k).toBeGreaterThanOrEqual(5);
    expect([...classes.keys()]).toEqual(['1970|1974|female|mi2-pos-dm']);
    expect(files['README.txt']).toContain(`k achieved = ${k}`);
    expect(files['README.txt']).toMatch(/5-year band.*\r\n.*1 patient left out/s);
  });

  it('moves each patient\'s dates back and keeps intervals; pseudonyms and shifts differ between two exports', () => {
    const tracked = (csv: string) => table(csv).rows.filter((r) => ['901', '902', '903'].includes(r.value_number ?? '')).sort((a, b) => Number(a.value_number) - Number(b.value_number));
    const [a, b] = [1, 2].map(() => tracked(unzip(exportCohortCsv(reviewer, { identified: false }).zip)['data.csv']!));
    for (const rows of [a!, b!]) {
      expect(new Set(rows.map((r) => r.patient)).size).toBe(1);
      expect(daysBetween(rows[0]!.date!, rows[1]!.date!)).toBe(100);
      expect(daysBetween(rows[1]!.date!, rows[2]!.date!)).toBe(20);
      expect(rows[2]!.date! < TODAY).toBe(true);
    }
    const all = () => new Set(table(unzip(exportCohortCsv(reviewer, { identified: false }).zip)['data.csv']!).rows.map((r) => r.patient));
    const [first, second] = [all(), all()];
    expect([...first].filter((p) => second.has(p))).toEqual([]);
    expect(a![0]!.patient).not.toBe(b![0]!.patient);
  });
});

describe('identified research export', () => {
  it('names patients with real dates for a physician, audited with its row count', () => {
    const before = auditRows('export.cohort-csv').length;
    const out = exportCohortCsv(physician, { identified: true });
    const data = table(unzip(out.zip)['data.csv']!);
    expect(data.rows.find((r) => r.value_number === '903')).toMatchObject({ patient: 'EXP-1', family_name: 'Secretname', date: TODAY, birth_year_low: '1972' });
    expect(data.rows.some((r) => r.patient === 'EXP-LONER')).toBe(true);
    expect(unzip(out.zip)['README.txt']).toContain('IDENTIFIED DATA');
    const events = auditRows('export.cohort-csv');
    expect(events).toHaveLength(before + 1);
    expect(JSON.parse(events.at(-1)!.after_json!)).toEqual({ identified: true, patients: 6, rows: data.rows.length });
  });

  it('is refused to a reviewer (not quietly de-identified) and to a nurse; nothing is written', async () => {
    const before = tableCounts();
    expect((await appError(() => exportCohortCsv(reviewer, { identified: true }))).message).toMatch(/de-identified data only/);
    expect((await appError(() => exportCohortCsv(nurse, { identified: false }))).code).toBe('forbidden');
    expect(tableCounts()).toEqual(before);
    expect(sqlite().prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'export.cohort-csv' AND role = 'reviewer' AND after_json LIKE '%\"identified\":true%'").get()).toEqual({ n: 0 });
  });
});
