import { describe, expect, it } from 'vitest';
import { buildCorrelations, MIN_PAIRS, pairNearest, spearman } from '@/lib/domain/timeline/correlation';
import { ck, mmtVisit, partialMmtVisit, titer } from './signals-fixtures';

describe('Spearman rho (average ranks for ties)', () => {
  it('matches a worked example without ties: IQ vs hours of TV, rho = -29/165', () => {
    // Wikipedia "Spearman's rank correlation coefficient", worked example:
    // sum d^2 = 194, rho = 1 - 6*194 / (10*(100-1)) = -29/165 = -0.1758.
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 10);
  });

  it('matches a worked example with ties (midranks), order-independent', () => {
    // x = 1,2,2,3,4 -> ranks 1, 2.5, 2.5, 4, 5; y = 1,3,2,4,5 -> ranks 1,3,2,4,5.
    // Deviations from the mean rank 3: dx = -2,-.5,-.5,1,2; dy = -2,0,-1,1,2.
    // Sxy = 4+0+.5+1+4 = 9.5; Sxx = 9.5; Syy = 10 -> rho = 9.5 / sqrt(95) = sqrt(0.95).
    expect(spearman([1, 2, 2, 3, 4], [1, 3, 2, 4, 5])).toBeCloseTo(Math.sqrt(0.95), 12);
    expect(spearman([4, 2, 3, 2, 1], [5, 2, 4, 3, 1])).toBeCloseTo(Math.sqrt(0.95), 12);
  });

  it('is 1 for any monotone relation and null without variation or with < 2 pairs', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [7, 7, 7])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
  });
});

describe('pairing each titer with the nearest value within 30 days', () => {
  const d = (date: string, value: number) => ({ date, value });
  it('takes the closest; on a tie the earlier one; nothing beyond 30 days', () => {
    const pairs = pairNearest(
      [d('2024-01-10', 1), d('2024-03-01', 2), d('2024-06-01', 3)],
      [d('2024-01-01', 100), d('2024-01-19', 200), d('2024-03-31', 300), d('2024-07-05', 400)],
    );
    expect(pairs).toEqual([
      { titerDate: '2024-01-10', otherDate: '2024-01-01', titer: 1, other: 100 },
      { titerDate: '2024-03-01', otherDate: '2024-03-31', titer: 2, other: 300 },
    ]);
  });

  it('same-day values: the first in list order; the same value may pair twice', () => {
    const pairs = pairNearest([d('2024-01-05', 1), d('2024-01-06', 2)], [d('2024-01-05', 10), d('2024-01-05', 20)]);
    expect(pairs.map((p) => p.other)).toEqual([10, 10]);
    expect(pairNearest([d('2024-01-31', 1)], [d('2024-01-01', 5)])).toHaveLength(1); // exactly 30 days
  });
});

describe('correlation rows (docs/clinical/evidence.md section 3: titers correlated with CK and strength)', () => {
  const dates = ['2020-01-01', '2020-04-01', '2020-07-01', '2020-10-01', '2021-01-01'];
  const titers = dates.map((date, i) => titer(i + 1, date, 60 - i * 10));
  const cks = dates.map((date, i) => ck(i + 1, date, 2000 - i * 300));
  it('shows rho with at least 5 pairs, with its exact permutation p (5 pairs in perfect order: 2 of 120 pairings, 0.0167)', () => {
    const rows = buildCorrelations(titers, cks, dates.map((date, i) => mmtVisit(i + 1, date, 50 + i * 5)));
    expect(rows).toEqual([
      { analyte: 'mi2-beta', analyteLabel: 'Mi-2β', against: 'ck', againstLabel: 'CK', n: 5, rho: 1, p: 1 / 60, pMethod: 'exact', shown: true, assays: 1 },
      { analyte: 'mi2-beta', analyteLabel: 'Mi-2β', against: 'mmt', againstLabel: 'MMT-8', n: 5, rho: -1, p: 1 / 60, pMethod: 'exact', shown: true, assays: 1 },
    ].map((r) => ({ ...r, rho: expect.closeTo(r.rho, 10), p: expect.closeTo(r.p, 12) })));
  });

  it('from 11 pairs the p is the t approximation, and says so', () => {
    const many = Array.from({ length: 11 }, (_, i) => `20${10 + i}-01-01`);
    const rows = buildCorrelations(many.map((date, i) => titer(i + 1, date, 10 + ((i * 3) % 11))), many.map((date, i) => ck(i + 1, date, 100 + i * 50)), []);
    expect(rows[0]).toMatchObject({ against: 'ck', n: 11, pMethod: 't' });
    expect(rows[0]?.p).toBeGreaterThan(0);
  });

  it('hides rho under 5 pairs, skips partial exams, qualitative and entered-in-error rows', () => {
    const visits = [...dates.slice(0, 4).map((date, i) => mmtVisit(i + 1, date, 60)), partialMmtVisit(9, dates[4] ?? '')];
    const extra = [titer(20, '2021-02-01', null, { qualitative: 'positive' }), titer(21, '2021-03-01', 99, { enteredInError: true })];
    const rows = buildCorrelations([...titers, ...extra], cks.slice(0, MIN_PAIRS - 1), visits);
    expect(rows.map((r) => [r.against, r.n, r.shown, r.rho, r.p, r.pMethod])).toEqual([['ck', 4, false, null, null, null], ['mmt', 4, false, null, null, null]]);
  });

  it('returns no rows without numeric titers', () => {
    expect(buildCorrelations([], [], [])).toEqual([]);
  });
});

describe('a same-day repeat is one draw, not another pair', () => {
  const days = ['2020-01-01', '2020-04-01', '2020-07-01', '2020-10-01', '2021-01-01'];
  const row = (rows: ReturnType<typeof buildCorrelations>, against: 'ck' | 'mmt') => rows.find((r) => r.against === against);

  it('three titer days, each run twice on one assay, against three CKs: 3 pairs, too few to show (not 6)', () => {
    const three = days.slice(0, 3);
    const ab = three.flatMap((d, i) => [titer(2 * i + 1, d, 40 - 10 * i), titer(2 * i + 2, d, 42 - 10 * i)]);
    const r = row(buildCorrelations(ab, three.map((d, i) => ck(i + 1, d, 900 - 300 * i)), []), 'ck');
    expect(r).toMatchObject({ n: 3, shown: false, rho: null, p: null, assays: 1 });
  });

  it('the day\'s titer is its highest level, whichever was entered first', () => {
    // Highest of each day falls 50 -> 10 with CK; the low repeats rise, and would pull rho down if they counted.
    const ab = days.flatMap((d, i) => [titer(2 * i + 1, d, 5 + 5 * i), titer(2 * i + 2, d, 250 - 50 * i)]);
    const cks = days.map((d, i) => ck(i + 1, d, 2000 - 300 * i));
    for (const list of [ab, [...ab].reverse().map((r, i) => ({ ...r, id: i + 1 }))]) {
      expect(row(buildCorrelations(list, cks, []), 'ck')).toMatchObject({ n: 5, shown: true, rho: expect.closeTo(1, 10), p: expect.closeTo(1 / 60, 12) });
    }
  });

  it('two assays on one day stay two pairs (one per day and assay), and the row says assays were ranked together', () => {
    const ab = [...days.slice(0, 3).map((d, i) => titer(i + 1, d, 40 - 10 * i)), ...days.slice(0, 2).map((d, i) => titer(10 + i, d, 30 - 10 * i, { assayId: 2 }))];
    const r = row(buildCorrelations(ab, days.slice(0, 3).map((d, i) => ck(i + 1, d, 900 - 300 * i)), []), 'ck');
    expect(r).toMatchObject({ n: 5, assays: 2, shown: true });
  });

  it('the day\'s CK is the more abnormal of its repeats (highest × upper limit), whichever was entered first', () => {
    const ab = days.map((d, i) => titer(i + 1, d, 50 - 10 * i));
    // Each day a normal repeat (150 U/L) beside the high value that falls with the titer.
    const cks = days.flatMap((d, i) => [ck(2 * i + 1, d, 150), ck(2 * i + 2, d, 2000 - 300 * i)]);
    for (const list of [cks, [...cks].reverse().map((c, i) => ({ ...c, id: i + 1 }))]) {
      expect(row(buildCorrelations(ab, list, []), 'ck')).toMatchObject({ n: 5, rho: expect.closeTo(1, 10) });
    }
    // Judged against each result's own limit, not by the larger number: 1,300 of 5,000 (0.26×) is less abnormal than 1,100 of 200 (5.5×).
    const mixed = days.flatMap((d, i) => [ck(2 * i + 1, d, 1000 + 100 * i, 5000), ck(2 * i + 2, d, 2000 - 300 * i, 200)]);
    expect(row(buildCorrelations(ab, mixed, []), 'ck')).toMatchObject({ n: 5, rho: expect.closeTo(1, 10) });
  });

  it('two complete MMT-8 exams on one day are one: the weaker', () => {
    const ab = days.map((d, i) => titer(i + 1, d, 50 - 10 * i));
    const visits = days.flatMap((d, i) => [mmtVisit(2 * i + 1, d, 78), mmtVisit(2 * i + 2, d, 50 + 5 * i)]);
    expect(row(buildCorrelations(ab, [], visits), 'mmt')).toMatchObject({ n: 5, rho: expect.closeTo(-1, 10) });
  });
});
