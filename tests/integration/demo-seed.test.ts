/**
 * The demo cohort (scripts/seed/demo-cohort.ts) seeded through the real DAL on a
 * temp database: each patient shows the signals it is built for (docs/clinical/README.md
 * section 7), read back from the stored patient_signals table; the rows are the
 * demo nurse's (labs) and physician's (patients, visits, drugs); the audit chain
 * verifies. (How long it takes is printed, not asserted: budgets belong to `npm run bench`.)
 * Seeded a second time on another "today" (a fake clock), it shows the same signals.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { verifyAuditChain } from '@/lib/dal/audit';
import { clinicToday } from '@/lib/clinic-time';
import { seedDemo } from '@/scripts/seed/demo';
import { useTempDatabase } from '../setup/temp-db';

/** Signal codes each demo patient must show, exactly. */
const EXPECTED: Record<string, string[]> = {
  'MRN-100001': ['taper-discussion', 'clinical-quiescence', 'normalization-sustained', 'titer-normalized'], // flagship
  'MRN-100002': ['taper-withheld', 'clinical-quiescence', 'normalization-sustained', 'titer-normalized'], // ELISA normal, Mi-2β line blot positive
  'MRN-100003': ['clinical-quiescence', 'normalization-sustained', 'titer-normalized'], // off treatment: no taper signal
  'MRN-100004': ['titer-rerise'], // relapse
  'MRN-100005': ['assay-change'],
  'MRN-100006': ['titer-declining'],
  'MRN-100007': ['titer-overdue', 'same-day-conflict'], // and two labs disagreed at the last panel
  'MRN-100008': ['clinical-quiescence', 'discordance'], // strong titer, normal CK, full strength
  'MRN-100009': [], // anti-Mi2-negative DM
  'MRN-100010': [], // antisynthetase
  'MRN-100011': [], // IMNM
  'MRN-100012': [], // new patient
  'MRN-100013': [], 'MRN-100014': [], 'MRN-100015': [], 'MRN-100016': [], 'MRN-100017': [], 'MRN-100018': [], // comparators
};

const sqlite = () => getDb().$client;
const all = <T>(sql: string, ...params: unknown[]) => sqlite().prepare(sql).all(...params) as T[];

function signalsByMrn(): Record<string, string[]> {
  const rows = all<{ mrn: string; code: string | null }>(
    'SELECT p.mrn, s.code FROM patients p LEFT JOIN patient_signals s ON s.patient_id = p.id ORDER BY p.mrn, s.code',
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.mrn] ??= []).push(...(r.code ? [r.code] : []));
  return out;
}

const sorted = (m: Record<string, string[]>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, [...v].sort()]));

describe('demo cohort seeded today', () => {
  let db: ReturnType<typeof useTempDatabase>;
  let seedMs = 0;

  beforeAll(async () => {
    db = useTempDatabase();
    const t0 = performance.now();
    await seedDemo();
    seedMs = performance.now() - t0;
    console.log(`demo seed: ${(seedMs / 1000).toFixed(1)} s`);
  }, 120_000);
  afterAll(() => db.dispose());

  it('shows the signals each patient is built for, from the stored patient_signals', () => {
    expect(sorted(signalsByMrn())).toEqual(sorted(EXPECTED));
  });

  it('never shows a titer signal for an anti-Mi2-negative patient', () => {
    const rows = all<{ mrn: string; code: string }>(
      "SELECT p.mrn, s.code FROM patient_signals s JOIN patients p ON p.id = s.patient_id WHERE p.diagnosis_group <> 'mi2-pos-dm'",
    );
    expect(rows).toEqual([]);
    const groups = all<{ g: string }>('SELECT DISTINCT diagnosis_group g FROM patients ORDER BY g').map((r) => r.g);
    expect(groups).toEqual(['antisynthetase', 'imnm', 'mi2-neg-dm', 'mi2-pos-dm']);
  });

  it('writes plausible demographics and years of serial data, all assigned to the demo physician', () => {
    const patients = all<{ id: number; mrn: string; birth_date: string; sex: string; physician: string; n_ab: number; n_ck: number; n_visits: number; n_meds: number; first: string }>(`
      SELECT p.id, p.mrn, p.birth_date, p.sex, u.email physician,
        (SELECT count(*) FROM antibody_results a WHERE a.patient_id = p.id) n_ab,
        (SELECT count(*) FROM enzyme_results e WHERE e.patient_id = p.id) n_ck,
        (SELECT count(*) FROM visits v WHERE v.patient_id = p.id) n_visits,
        (SELECT count(*) FROM medication_epochs m WHERE m.patient_id = p.id) n_meds,
        (SELECT min(visit_on) FROM visits v WHERE v.patient_id = p.id) first
      FROM patients p JOIN users u ON u.id = p.physician_id ORDER BY p.mrn`);
    expect(patients).toHaveLength(18);
    expect(new Set(patients.map((p) => p.sex))).toEqual(new Set(['female', 'male']));
    const today = clinicToday();
    for (const p of patients) {
      expect(p.physician).toBe('physician@demo.titerline');
      expect(p.birth_date >= '1950-01-01' && p.birth_date <= '2000-12-31').toBe(true);
      expect(p.n_ck).toBeGreaterThanOrEqual(3);
      expect(p.n_visits).toBeGreaterThanOrEqual(3);
      expect(p.n_meds).toBeGreaterThanOrEqual(3);
      const years = (Date.parse(today) - Date.parse(p.first)) / (365.25 * 86_400_000);
      if (p.mrn === 'MRN-100012') expect(years).toBeLessThan(1);
      else expect(years, p.mrn).toBeGreaterThanOrEqual(4);
    }
    const partial = all<{ n: number }>("SELECT count(*) n FROM visits WHERE mmt_version IS NOT NULL AND mmt_total IS NULL")[0]?.n ?? 0;
    expect(partial).toBeGreaterThan(0);
  });

  it('puts no clinical date in the future or before the patient was born', () => {
    const today = clinicToday();
    const bad = all<{ what: string; d: string }>(`
      SELECT 'titer' what, a.collected_on d FROM antibody_results a JOIN patients p ON p.id = a.patient_id WHERE a.collected_on > ? OR a.collected_on < p.birth_date
      UNION ALL SELECT 'ck', e.collected_on FROM enzyme_results e JOIN patients p ON p.id = e.patient_id WHERE e.collected_on > ? OR e.collected_on < p.birth_date
      UNION ALL SELECT 'visit', v.visit_on FROM visits v JOIN patients p ON p.id = v.patient_id WHERE v.visit_on > ? OR v.visit_on < p.birth_date
      UNION ALL SELECT 'drug', m.start_on FROM medication_epochs m JOIN patients p ON p.id = m.patient_id WHERE m.start_on > ? OR coalesce(m.end_on, m.start_on) > ? OR m.start_on < p.birth_date
      UNION ALL SELECT 'onset', onset_date FROM patients WHERE onset_date > ? OR onset_date < birth_date`, today, today, today, today, today, today);
    expect(bad).toEqual([]);
  });

  it('writes labs as the demo nurse and patients, visits and drugs as the demo physician, every row audited from the CLI', () => {
    const author = (table: string) => all<{ email: string }>(`SELECT DISTINCT u.email FROM ${table} t JOIN users u ON u.id = t.created_by`).map((r) => r.email);
    expect(author('antibody_results')).toEqual(['nurse@demo.titerline']);
    expect(author('enzyme_results')).toEqual(['nurse@demo.titerline']);
    expect(author('patients')).toEqual(['physician@demo.titerline']);
    expect(author('visits')).toEqual(['physician@demo.titerline']);
    expect(author('medication_epochs')).toEqual(['physician@demo.titerline']);
    const events = all<{ entity: string; origin: string; email: string | null; n: number }>(
      "SELECT entity, origin, user_email email, count(*) n FROM audit_events WHERE patient_id IS NOT NULL GROUP BY entity, origin, user_email ORDER BY entity",
    );
    expect(events.map((e) => `${e.entity} ${e.origin} ${e.email}`)).toEqual([
      'antibody-result cli nurse@demo.titerline',
      'enzyme-result cli nurse@demo.titerline',
      'medication-epoch cli physician@demo.titerline',
      'patient cli physician@demo.titerline',
      'visit cli physician@demo.titerline',
    ]);
    const rows = all<{ n: number }>('SELECT (SELECT count(*) FROM antibody_results) + (SELECT count(*) FROM enzyme_results) + (SELECT count(*) FROM visits) n')[0]?.n;
    const creates = all<{ n: number }>("SELECT count(*) n FROM audit_events WHERE action IN ('antibody-result.create', 'enzyme-result.create', 'visit.create')")[0]?.n;
    expect(creates).toBe(rows);
  });

  it('leaves an intact audit chain', () => {
    const report = verifyAuditChain(getDb());
    expect(report).toMatchObject({ ok: true, firstBrokenId: null });
    expect(report.checked).toBeGreaterThan(1000);
  });
});

describe('demo cohort seeded on another day', () => {
  let db: ReturnType<typeof useTempDatabase>;

  afterEach(() => {
    vi.useRealTimers();
    db.dispose();
  });

  it.each(['2029-02-28T23:40:00Z', '2032-03-01T00:05:00Z'])('shows the same signals when created at %s', async (at) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(at));
    db = useTempDatabase();
    await seedDemo();
    expect(sorted(signalsByMrn())).toEqual(sorted(EXPECTED));
    expect(verifyAuditChain(getDb()).ok).toBe(true);
  }, 120_000);
});
