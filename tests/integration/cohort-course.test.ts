import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { getCohortView } from '@/lib/dal/cohort';
import { exportCohortViewCsv } from '@/lib/dal/cohort-csv';
import { startMedication, stopMedication } from '@/lib/dal/medications';
import type { CourseView } from '@/lib/domain/cohort/view';
import { unzip } from '../setup/unzip';
import { makeActor } from '../setup/actors';
import { abForm, appError, auditRows, daysAgo, newPatient, sqlite, TODAY } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

/**
 * A hand-built cohort for the long-term course table (docs/clinical/evidence.md section 3:
 * "10 with serum over >= 4 years: declined in all, normalized in 3, 2 stopped and
 * never relapsed"), written through the real DAL into a real SQLite file. Mi-2beta
 * line blot: cut-off 5, positive from 11, strong above 50.
 */
let db: ReturnType<typeof useTempDatabase>;
let physician: Actor, nurse: Actor, reviewer: Actor;
const ids: Record<string, number> = {};
const y = (years: number) => daysAgo(Math.round(years * 365.25));

function patient(key: string, titers: [years: number, value: number][], drugs: [fromYears: number, toYears: number | null][] = [], over: Record<string, unknown> = {}) {
  const pid = newPatient(physician, { familyName: `Course${key}`, ...over });
  for (const [years, value] of titers) recordAntibodyResult(nurse, pid, abForm(y(years), value));
  for (const [from, to] of drugs) {
    const e = startMedication(physician, pid, { drug: 'methotrexate', dose: '15', doseUnit: 'mg', route: 'oral', frequency: 'weekly', startOn: y(from), startReason: 'started' });
    if (to !== null) stopMedication(physician, pid, e.id, { endOn: y(to), endReason: 'remission' });
  }
  ids[key] = pid;
}

beforeAll(async () => {
  db = useTempDatabase();
  [physician, nurse, reviewer] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('reviewer')]);
  // A: normalization sustained 2 years ago, stopped 1.5 years ago, negative since: stopped and never relapsed.
  patient('A', [[6, 80], [4, 40], [3, 12], [2.5, 4], [2, 3], [0.1, 2]], [[6.1, 1.5]]);
  // B: stopped before normalizing (not "stopped after normalizing"), then positive again: relapse by titer re-rise.
  patient('B', [[6, 60], [3, 20], [2, 4], [1.5, 3], [1, 14], [0.4, 48]], [[6.1, 2.5]]);
  // C: normalized on ongoing methotrexate.
  patient('C', [[5, 70], [3, 30], [1, 3], [0.2, 2]], [[5.1, null]]);
  // D: 140 -> 60 units: declined, never negative.
  patient('D', [[5, 140], [2, 72], [0.1, 60]], [[5.1, null]]);
  // E: 96 -> 74: neither declined by half nor normalized.
  patient('E', [[5, 96], [2, 82], [0.1, 74]]);
  // F: two years of titers only: not serial.
  patient('F', [[2, 80], [0.1, 2]]);
  // G: anti-Mi2-negative DM with years of negative titers: not in the anti-Mi2-positive course at all.
  patient('G', [[6, 2], [0.5, 2]], [], { diagnosisGroup: 'mi2-neg-dm' });
  // H (male): normalized, stopped, methotrexate restarted half a year ago with the titer still negative: relapse by treatment.
  patient('H', [[6, 60], [2, 4], [1, 3], [0.2, 3]], [[6.1, 0.9], [0.5, null]], { sex: 'male' });
  // I: normalized, stopped 18 days ago: too early to say "never relapsed".
  patient('I', [[6, 60], [2, 4], [1, 3], [0.1, 3]], [[6.1, 0.05]]);
}, 60_000);
afterAll(() => db.dispose());

const course = (raw: Record<string, unknown> = {}) => getCohortView(reviewer, { view: 'course', ...raw }).result as CourseView;
const counts = (v: CourseView) => Object.fromEntries(v.table.map((t) => [t.row, t.count]));
const names = (v: CourseView, row: string) => (v.table.find((t) => t.row === row)?.patientIds ?? []).map((id) => v.patients.get(id)?.name).sort();

describe('long-term course on a hand-built cohort', () => {
  it('counts serial / declined / normalized / stopped / relapsed / stopped-without-relapse as built', () => {
    const v = course();
    expect(v.eligible).toBe(8); // A-F, H and I are anti-Mi2-positive DM; G is not
    expect(counts(v)).toEqual({ serial: 7, declined: 6, normalized: 5, stopped: 3, relapsed: 2, 'stopped-no-relapse': 1, 'too-early': 1 });
  });

  it('every count is exactly the patients listed behind it', () => {
    const v = course();
    expect(names(v, 'serial')).toEqual(['COURSEA, Jane', 'COURSEB, Jane', 'COURSEC, Jane', 'COURSED, Jane', 'COURSEE, Jane', 'COURSEH, Jane', 'COURSEI, Jane']);
    expect(names(v, 'declined')).toEqual(['COURSEA, Jane', 'COURSEB, Jane', 'COURSEC, Jane', 'COURSED, Jane', 'COURSEH, Jane', 'COURSEI, Jane']);
    expect(names(v, 'normalized')).toEqual(['COURSEA, Jane', 'COURSEB, Jane', 'COURSEC, Jane', 'COURSEH, Jane', 'COURSEI, Jane']);
    expect(names(v, 'stopped')).toEqual(['COURSEA, Jane', 'COURSEH, Jane', 'COURSEI, Jane']);
    expect(names(v, 'relapsed')).toEqual(['COURSEB, Jane', 'COURSEH, Jane']);
    expect(names(v, 'stopped-no-relapse')).toEqual(['COURSEA, Jane']);
    expect(names(v, 'too-early')).toEqual(['COURSEI, Jane']);
    for (const t of v.table) expect(t.patientIds).toHaveLength(t.count);
  });

  it('says how and when each relapse happened', () => {
    const v = course();
    const rec = (key: string) => v.records.find((r) => r.patientId === ids[key]);
    expect(rec('B')?.relapse).toEqual({ on: y(1), how: 'titer re-rise' });
    expect(rec('H')?.relapse).toEqual({ on: y(0.5), how: 'treatment restarted' });
    // Weekly methotrexate's last dose covers its week: the first day off is 7 days after it.
    expect(rec('A')).toMatchObject({ normalizedOn: y(2), stoppedFrom: daysAgo(Math.round(1.5 * 365.25) - 7), relapse: null, tooEarly: false });
    expect(rec('I')).toMatchObject({ relapse: null, tooEarly: true });
  });

  it('the minimum span and the filters change who is counted; a selection with nobody is zero everywhere', () => {
    expect(counts(course({ years: '7' })).serial).toBe(0);
    expect(counts(course({ years: '2' })).serial).toBe(7); // F spans 1.9 years
    expect(counts(course({ years: '1' })).serial).toBe(8); // F joins
    expect(counts(course({ sex: 'male' }))).toEqual({ serial: 1, declined: 1, normalized: 1, stopped: 1, relapsed: 1, 'stopped-no-relapse': 0, 'too-early': 0 });
    // A shorter minimum follow-up after a stop moves nobody here (I has none after its stop).
    expect(counts(course({ afterStop: '1' }))['too-early']).toBe(1);
    expect(() => course({ afterStop: '0' })).toThrow(/Follow-up after stopping/);
    const none = course({ group: 'imnm' });
    expect(none.total).toBe(0);
    expect(none.table.every((t) => t.count === 0 && t.patientIds.length === 0)).toBe(true);
  });

  it('the CSV holds the same counts and one row per serial patient, and the download is audited', () => {
    const before = auditRows('export.cohort-insights').length;
    const { zip, filename } = exportCohortViewCsv(reviewer, { view: 'course' });
    expect(filename).toMatch(/^titerline-cohort-course-deidentified-\d{4}-\d{2}-\d{2}\.zip$/);
    const lines = unzip(zip)['data.csv']!.trim().split('\r\n');
    expect(lines.filter((l) => l.startsWith('count,')).map((l) => l.split(',')[1])).toEqual(['serial', 'declined', 'normalized', 'stopped', 'relapsed', 'stopped-no-relapse', 'too-early']);
    expect(lines.filter((l) => l.startsWith('patient,'))).toHaveLength(7);
    const audits = auditRows('export.cohort-insights');
    expect(audits).toHaveLength(before + 1);
    expect(JSON.parse(audits.at(-1)!.after_json!)).toMatchObject({ view: 'course', patients: 9, rows: lines.length - 1 });
  });

  it('de-identified by default: pseudonyms that change every export, shifted dates, never a name or MRN; identified only for a physician', async () => {
    const mrns = (sqlite().prepare('SELECT mrn FROM patients').all() as { mrn: string }[]).map((r) => r.mrn);
    const rowsOf = (zip: Buffer) => unzip(zip)['data.csv']!.trim().split('\r\n').filter((l) => l.startsWith('patient,')).map((l) => l.split(','));
    const a = rowsOf(exportCohortViewCsv(reviewer, { view: 'course' }).zip);
    const b = rowsOf(exportCohortViewCsv(reviewer, { view: 'course' }).zip);
    const real = rowsOf(exportCohortViewCsv(physician, { view: 'course', identified: '1' }).zip);
    expect(a).toHaveLength(7);
    for (const r of a) {
      expect(r[7]).toMatch(/^P-[A-Z2-9]{8}$/);
      for (const date of [r[9], r[10]]) expect(date! <= TODAY).toBe(true);
    }
    expect(a.map((r) => r[7]).filter((p) => b.some((x) => x[7] === p))).toEqual([]);
    expect(real.map((r) => r[7]).every((m) => mrns.includes(m!))).toBe(true);
    const firstTiters = (rows: string[][]) => rows.map((r) => r[9]).sort();
    expect(firstTiters(a)).not.toEqual(firstTiters(real));
    expect((await appError(() => exportCohortViewCsv(reviewer, { view: 'course', identified: '1' }))).message).toMatch(/de-identified data only/);
  });

  it('leaves the per-patient rows out when fewer than 5 patients are listed, and says so', () => {
    const files = unzip(exportCohortViewCsv(reviewer, { view: 'course', sex: 'male' }).zip);
    expect(files['data.csv']!.split('\r\n').some((l) => l.startsWith('patient,'))).toBe(false);
    expect(files['README.txt']).toMatch(/Per-patient rows left out: \d patients? listed, fewer than 5/);
    expect(files['dictionary.csv']).toContain('patient,text');
  });
});
