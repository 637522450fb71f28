import { describe, expect, it } from 'vitest';
import { analyseActivity } from '@/lib/domain/cohort/activity';
import { pairEachOnce } from '@/lib/domain/cohort/pairs';
import { addDays } from '@/lib/domain/dates';
import type { Dated } from '@/lib/domain/timeline/correlation';

/**
 * Titer vs activity counts measurements, not one measurement again for every titer near
 * it (docs/decisions/0009-cohort-insights.md; hazard H15 "Scores and statistics that
 * overstate"): each titer day and each CK or MMT-8 day is in at most one pair.
 */
const D0 = '2024-01-01';
const on = (k: number, value: number): Dated => ({ date: addDays(D0, k), value });
const link = (pairs: { titerDate: string; otherDate: string }[]) => pairs.map((p) => [p.titerDate, p.otherDate]);

describe('pairs for the cohort statistics: every measurement at most once', () => {
  it('3 patients with 2 CK results each and 5 weekly titers around each CK: 6 pairs and 2 degrees of freedom, not 30 and 26', () => {
    const d1 = addDays(D0, 60);
    const inputs = [1, 2, 3].map((pid) => ({
      patientId: pid,
      assay: 'Line blot A',
      titers: [
        ...[-14, -7, 0, 7, 14].map((k, i) => ({ date: addDays(D0, k), value: 4 + i * 0.3 + pid })),
        ...[-14, -7, 0, 7, 14].map((k, i) => ({ date: addDays(d1, k), value: 1 + i * 0.3 + pid })),
      ],
      ck: [{ date: D0, value: 800 * pid }, { date: d1, value: 300 * pid }],
      mmt: [{ date: D0, value: 60 }, { date: d1, value: 70 + pid }],
    }));
    const { ck, mmt } = analyseActivity(inputs, { windowDays: 30 });
    expect(ck.pairs).toBe(6);
    // Each CK pairs with the titer of its own day.
    expect(ck.byPatient.map((p) => link(p.pairs))).toEqual([1, 2, 3].map(() => [[D0, D0], [d1, d1]]));
    expect(ck.rm).toMatchObject({ ok: true, df: 2, observations: 6, subjects: 3 });
    expect(mmt.pairs).toBe(6);
    expect(mmt.rm).toMatchObject({ ok: true, df: 2 });
  });

  it('one titer per CK when they were taken together: every pair kept (correct input still works)', () => {
    const titers = [0, 90, 180, 270, 360].map((k, i) => on(k, 10 - i));
    const cks = [0, 90, 180, 270, 360].map((k, i) => on(k, 2000 - 300 * i));
    expect(link(pairEachOnce(titers, cks, 30, 'highest'))).toEqual(titers.map((t) => [t.date, t.date]));
  });

  it('closest first: a CK goes to the titer nearest it, and the other titer takes the next CK within the window or none', () => {
    // CK on day 9 is 1 day from titer 10 and 9 days from titer 0: it pairs with titer 10.
    expect(link(pairEachOnce([on(0, 5), on(10, 6)], [on(9, 500)], 30, 'highest'))).toEqual([[addDays(D0, 10), addDays(D0, 9)]]);
    // With a second CK 20 days after titer 0, titer 0 takes it.
    expect(link(pairEachOnce([on(0, 5), on(10, 6)], [on(9, 500), on(20, 700)], 30, 'highest'))).toEqual([
      [D0, addDays(D0, 20)], [addDays(D0, 10), addDays(D0, 9)],
    ]);
  });

  it('equal distance: the measure taken before the titer (known at its date), then the earlier titer', () => {
    // CK on day 1 is 1 day from titers 0 and 2: it was already known at titer 2's date.
    expect(link(pairEachOnce([on(0, 5), on(2, 6)], [on(1, 500)], 30, 'highest'))).toEqual([[addDays(D0, 2), addDays(D0, 1)]]);
    // Titer on day 5 between CKs on days 3 and 7: the earlier CK.
    expect(link(pairEachOnce([on(5, 5)], [on(7, 500), on(3, 400)], 30, 'highest'))).toEqual([[addDays(D0, 5), addDays(D0, 3)]]);
  });

  it('the window holds: 30 days apart pairs, 31 does not', () => {
    expect(pairEachOnce([on(30, 5)], [on(0, 500)], 30, 'highest')).toHaveLength(1);
    expect(pairEachOnce([on(31, 5)], [on(0, 500)], 30, 'highest')).toHaveLength(0);
    expect(pairEachOnce([], [on(0, 500)], 30, 'highest')).toEqual([]);
  });

  it('two results of one day are one measurement: the higher CK, the weaker MMT-8, whatever the order of entry', () => {
    const titers = [on(0, 5), on(1, 6)];
    const cks = [on(0, 400), on(0, 900)];
    for (const list of [cks, [...cks].reverse()]) {
      const pairs = pairEachOnce(titers, list, 30, 'highest');
      expect(pairs.map((p) => [p.titerDate, p.other])).toEqual([[D0, 900]]);
    }
    const exams = [on(0, 74), on(0, 61)];
    for (const list of [exams, [...exams].reverse()]) expect(pairEachOnce(titers, list, 30, 'lowest').map((p) => p.other)).toEqual([61]);
  });

  it('two titers on one day are one (the higher), as the titer series already gives them', () => {
    expect(pairEachOnce([on(0, 5), on(0, 8)], [on(0, 500), on(2, 600)], 30, 'highest').map((p) => [p.titer, p.other])).toEqual([[8, 500]]);
  });
});
