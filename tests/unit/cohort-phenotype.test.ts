import { describe, expect, it } from 'vitest';
import { fisherExact } from '@/lib/domain/cohort/fisher';
import { mannWhitney } from '@/lib/domain/cohort/mann-whitney';
import { buildPhenotype, type PatientPhenotype } from '@/lib/domain/cohort/phenotype';
import { STUDY_GROUPS, type CohortGroup } from '@/lib/domain/cohort/types';

let id = 0;
function patient(group: CohortGroup, over: Partial<Omit<PatientPhenotype, 'everFindings'>> & { ever?: string[] } = {}): PatientPhenotype {
  id += 1;
  const { ever = [], ...rest } = over;
  return { patientId: id, group, visits: 3, firstVisitFindings: [], everFindings: new Set(ever), peakCk: null, lowestMmt: null, ...rest };
}
const row = (t: ReturnType<typeof buildPhenotype>, key: string) => t.binary.find((r) => r.key === key) ?? cont(t, key);
const cont = (t: ReturnType<typeof buildPhenotype>, key: string) => t.continuous.find((r) => r.key === key)!;

describe('phenotype by group', () => {
  const mi2pos = [
    patient('mi2-pos-dm', { firstVisitFindings: ['weakness'], ever: ['weakness'], peakCk: 9000, lowestMmt: 50 }),
    patient('mi2-pos-dm', { ever: ['weakness'], peakCk: 7000, lowestMmt: 55 }),
    patient('mi2-pos-dm', { ever: ['weakness', 'dysphagia'], peakCk: 12000, lowestMmt: 48 }),
    patient('mi2-pos-dm', { visits: 0, peakCk: 5000 }), // no visits: out of the findings denominators, in the CK row
  ];
  const mi2neg = [
    patient('mi2-neg-dm', { ever: ['calcinosis'], peakCk: 900, lowestMmt: 70 }),
    patient('mi2-neg-dm', { ever: ['calcinosis', 'fever'], peakCk: 1500, lowestMmt: 74 }),
    patient('mi2-neg-dm', { ever: ['weakness'], peakCk: 600, lowestMmt: 66 }),
  ];
  const imnm = [patient('imnm', { ever: ['weakness'], peakCk: 15000, lowestMmt: 52 })];
  const t = buildPhenotype(STUDY_GROUPS, [...mi2pos, ...mi2neg, ...imnm]);

  it('counts each finding among patients with at least one visit, and keeps n per group', () => {
    expect(t.groups).toEqual([{ group: 'mi2-pos-dm', n: 4 }, { group: 'mi2-neg-dm', n: 3 }, { group: 'antisynthetase', n: 0 }, { group: 'imnm', n: 1 }]);
    expect(row(t, 'weakness-onset').cells[0]).toEqual({ group: 'mi2-pos-dm', k: 1, n: 3 });
    expect(row(t, 'weakness-ever').cells[0]).toEqual({ group: 'mi2-pos-dm', k: 3, n: 3 });
    expect(row(t, 'calcinosis').cells[1]).toEqual({ group: 'mi2-neg-dm', k: 2, n: 3 });
  });

  it('compares anti-Mi2+ DM with each other group: Fisher for proportions, Mann-Whitney for per-patient values', () => {
    const weak = row(t, 'weakness-ever').comparisons.find((c) => c.group === 'mi2-neg-dm')!;
    const expected = fisherExact({ a: 3, b: 0, c: 1, d: 2 });
    expect(weak.result).toEqual({ ok: true, p: expected.ok ? expected.p : NaN, test: "Fisher's exact" });
    const ck = row(t, 'peak-ck').comparisons.find((c) => c.group === 'mi2-neg-dm')!;
    const mw = mannWhitney([9000, 7000, 12000, 5000], [900, 1500, 600]);
    expect(ck.result).toMatchObject({ ok: true, p: mw.ok ? mw.p : NaN, test: 'Mann-Whitney U, exact' });
    expect(cont(t, 'peak-ck').cells[0]?.summary).toMatchObject({ n: 4, median: 8000 });
  });

  it('a group with 0 or 1 patients gets "not enough data", never a p-value', () => {
    for (const key of ['weakness-ever', 'peak-ck']) {
      const r = row(t, key);
      expect(r.comparisons.find((c) => c.group === 'antisynthetase')?.result).toMatchObject({ ok: false, reason: expect.stringContaining('not enough data') });
      expect(r.comparisons.find((c) => c.group === 'imnm')?.result).toMatchObject({ ok: false, reason: expect.stringContaining('n = ') });
    }
    expect(cont(t, 'peak-ck').cells.find((c) => c.group === 'antisynthetase')?.summary).toBeNull();
  });

  it('without anti-Mi2+ DM in the selection there is nothing to compare with', () => {
    const t2 = buildPhenotype(['mi2-neg-dm', 'imnm'], [...mi2neg, ...imnm]);
    expect(t2.reference).toBeNull();
    expect(t2.binary.every((r) => r.comparisons.length === 0)).toBe(true);
  });

  it('nobody selected: zero counts, no summaries, no NaN anywhere', () => {
    const empty = buildPhenotype(STUDY_GROUPS, []);
    expect(JSON.stringify(empty)).not.toMatch(/NaN|null,"p"/);
    expect(empty.binary[0]?.cells.every((c) => c.n === 0 && c.k === 0)).toBe(true);
    expect(empty.continuous[0]?.comparisons.every((c) => !c.result.ok)).toBe(true);
  });

  it('all-tied values are reported as such, not tested', () => {
    const tied = buildPhenotype(['mi2-pos-dm', 'mi2-neg-dm'], [1, 2, 3, 4].map((i) => patient(i < 3 ? 'mi2-pos-dm' : 'mi2-neg-dm', { peakCk: 500 })));
    expect(row(tied, 'peak-ck').comparisons[0]?.result).toEqual({ ok: false, reason: 'all values are equal: nothing to rank' });
  });
});
