/**
 * The cases of the signal-safety review, one test each (docs/safety/hazard-log.md
 * H1-H8 name them): the tapering signal must not fire on conflicting, stale or
 * incomplete evidence, and says what withholds it.
 */
import { describe, expect, it } from 'vitest';
import type { SignalInput } from '@/lib/domain/signals';
import { ck, find, has, med, mmtVisit, partialMmtVisit, run, titer } from './signals-fixtures';

const alpha = { analyte: 'mi2-alpha' as const };
const asOf = '2024-06-01';
const muscle: Partial<SignalInput> = {
  enzymeResults: [ck(10, '2024-05-01', 150)],
  visits: [mmtVisit(20, '2024-05-01', 80)],
  medications: [med(30, '2023-06-01', null)],
};
const dates = ['2023-06-01', '2024-02-01', '2024-05-01'] as const;

describe('H1: another anti-Mi2 result is positive', () => {
  it('Mi-2alpha 30 -> 4 -> 3 with Mi-2beta 120 / 110 / 130 (strong) on the same dates: withheld, naming the strong Mi-2beta', () => {
    const results = [
      ...[30, 4, 3].map((v, i) => titer(1 + i, dates[i]!, v, alpha)),
      ...[120, 110, 130].map((v, i) => titer(4 + i, dates[i]!, v)),
    ];
    const signals = run({ ...muscle, antibodyResults: results }, asOf);
    expect(has(signals, 'normalization-sustained', 'mi2-alpha')).toBe(true);
    expect(has(signals, 'taper-discussion')).toBe(false);
    const withheld = find(signals, 'taper-withheld');
    expect(withheld?.explanation).toContain('not shown because: The latest Mi-2β result, 130 units (cut-off 5) on 2024-05-01, is strong positive.');
    expect(withheld?.resultIds.antibody).toEqual([6]);
  });

  it('Mi-2beta 40 -> 3 -> 2, then Mi-2alpha 2 -> 30 (seroreversion): re-rise, no tapering signal', () => {
    const results = [
      ...[40, 3, 2].map((v, i) => titer(1 + i, dates[i]!, v)),
      titer(4, '2024-02-01', 2, alpha),
      titer(5, '2024-05-01', 30, alpha),
    ];
    const signals = run({ ...muscle, antibodyResults: results }, asOf);
    expect(has(signals, 'titer-rerise', 'mi2-alpha')).toBe(true);
    expect(has(signals, 'taper-discussion')).toBe(false);
    expect(signals[0]?.code).toBe('titer-rerise');
    const text = find(signals, 'taper-withheld')?.explanation ?? '';
    expect(text).toContain('The latest Mi-2α result, 30 units (cut-off 5) on 2024-05-01, is positive.');
    expect(text).toContain('Titer re-rise since 2024-05-01');
  });

  it('Mi-2beta 40 -> 3 -> 2, then an unspecified Mi-2 result of 30 units from another lab: withheld, and never listed as evidence of normalization', () => {
    const results = [...[40, 3, 2].map((v, i) => titer(1 + i, dates[i]!, v)), titer(4, '2024-05-15', 30, { analyte: 'mi2', assayId: 7, assayLabel: 'Mi-2 ELISA, Lab B', cutoff: 20, positiveFrom: 20, strongAbove: 80 })];
    const signals = run({ ...muscle, antibodyResults: results }, asOf);
    expect(has(signals, 'taper-discussion')).toBe(false);
    expect(find(signals, 'taper-withheld')?.explanation).toContain('The latest Mi-2 result, 30 units (cut-off 20) on 2024-05-15, is positive.');
    expect(find(signals, 'normalization-sustained')?.resultIds.antibody).toEqual([2, 3]);
  });

  it('a borderline or unclassifiable latest result of another analyte withholds it too', () => {
    const base = [40, 3, 2].map((v, i) => titer(1 + i, dates[i]!, v));
    const borderline = run({ ...muscle, antibodyResults: [...base, titer(4, '2024-05-01', 7, alpha)] }, asOf);
    expect(find(borderline, 'taper-withheld')?.explanation).toContain('is borderline');
    const unclassified = run({ ...muscle, antibodyResults: [...base, titer(4, '2024-05-01', 20, { ...alpha, comparator: '<' })] }, asOf);
    expect(find(unclassified, 'taper-withheld')?.explanation).toContain('cannot be classified as negative or positive');
  });
});

describe('H2: stale evidence', () => {
  it('titers 30 / 4 / 3 in 2020-21, CK on the last titer day, MMT-8 80/80 in 2024, as of 2024-05: no tapering signal, and every date named', () => {
    const results = [titer(1, '2020-03-01', 30), titer(2, '2020-09-01', 4), titer(3, '2021-03-01', 3)];
    const signals = run({ antibodyResults: results, enzymeResults: [ck(10, '2021-03-01', 150)], visits: [mmtVisit(20, '2024-04-01', 80)], medications: [med(30, '2020-01-01', null)] }, '2024-05-15');
    expect(has(signals, 'taper-discussion')).toBe(false);
    expect(has(signals, 'clinical-quiescence')).toBe(false);
    expect(has(signals, 'titer-overdue')).toBe(true);
    const text = find(signals, 'taper-withheld')?.explanation ?? '';
    expect(text).toContain('The latest negative titer (3 units (cut-off 5) on 2021-03-01) is more than 12 months old.');
    expect(text).toContain('No CK in the last 6 months (since 2023-11-15); the latest is from 2021-03-01.');
  });

  it('the titer age is a setting: 13 months old withholds at 12, not at 18', () => {
    const results = [titer(1, '2022-06-01', 30), titer(2, '2022-12-01', 4), titer(3, '2023-04-01', 3)];
    const chart = { ...muscle, antibodyResults: results };
    expect(has(run(chart, '2024-05-15'), 'taper-discussion')).toBe(false);
    expect(has(run(chart, '2024-05-15', { taperTiterMaxAgeMonths: 18 }), 'taper-discussion')).toBe(true);
  });

  it('no complete MMT-8 in the last 6 months withholds it, naming the last exam', () => {
    const results = [40, 3, 2].map((v, i) => titer(1 + i, dates[i]!, v));
    const signals = run({ ...muscle, antibodyResults: results, visits: [mmtVisit(20, '2023-10-01', 80)] }, asOf);
    expect(find(signals, 'taper-withheld')?.explanation).toContain('No complete MMT-8 in the last 6 months, since 2023-12-01 (latest complete exam on 2023-10-01).');
  });
});

describe('H3: newer weakness or an above-limit enzyme', () => {
  const results = [40, 3, 2].map((v, i) => titer(1 + i, dates[i]!, v));
  it('a newer partial exam that can total at most 68/80 withholds it', () => {
    const weak = { ...partialMmtVisit(21, '2024-05-20'), mmtGrades: { neck_flexors: 3, deltoid: 5 } };
    const signals = run({ ...muscle, antibodyResults: results, visits: [mmtVisit(20, '2024-05-01', 80), weak] }, asOf);
    expect(has(signals, 'taper-discussion')).toBe(false);
    expect(find(signals, 'taper-withheld')?.explanation).toContain('A partial exam on 2024-05-20 totals at most 68/80, below 95% of full strength.');
  });

  it('a newer above-limit aldolase, LDH, ALT or AST withholds it, each against its own limit', () => {
    for (const [analyte, uln] of [['aldolase', 7.6], ['ldh', 225], ['alt', 41], ['ast', 40]] as const) {
      const high = ck(11, '2024-05-20', uln * 2, uln, { analyte });
      const signals = run({ ...muscle, antibodyResults: results, enzymeResults: [ck(10, '2024-05-01', 150), high] }, asOf);
      expect(has(signals, 'taper-discussion')).toBe(false);
      expect(find(signals, 'taper-withheld')?.explanation).toContain('is above its upper limit.');
    }
  });
});

describe('H4: same-day results that classify differently', () => {
  const base = [titer(1, '2024-01-01', 40), titer(2, '2024-02-01', 3)];
  const lineBlot14 = (id: number) => titer(id, '2024-04-01', 14);
  const elisa10 = (id: number) => titer(id, '2024-04-01', 10, { assayId: 2, assayLabel: 'ELISA B', cutoff: 20, positiveFrom: 20, strongAbove: 80 });

  it('a line blot 14 and an ELISA 10 (cut-off 20) on one day: a conflict, no direction, in either id order', () => {
    for (const [a, b] of [[3, 4], [4, 3]] as const) {
      const signals = run({ antibodyResults: [...base, lineBlot14(a), elisa10(b)] }, asOf);
      expect(signals.map((s) => s.code).sort()).toEqual(['same-day-conflict']);
      const s = find(signals, 'same-day-conflict');
      expect(s?.resultIds.antibody).toEqual([3, 4]);
      expect(s?.explanation).toBe(
        'Mi-2β results on 2024-04-01 disagree: 10 units (cut-off 20) by ELISA B, negative; 14 units (cut-off 5) by Line blot A, positive. ' +
          'No direction of change is read from them until one is corrected or marked entered in error.',
      );
    }
  });

  it('two results of one assay (3 and 14) on one day: the same', () => {
    for (const [a, b] of [[3, 4], [4, 3]] as const) {
      const signals = run({ antibodyResults: [...base, titer(a, '2024-04-01', 3), titer(b, '2024-04-01', 14)] }, asOf);
      expect(has(signals, 'same-day-conflict')).toBe(true);
      expect(has(signals, 'titer-normalized')).toBe(false);
      expect(has(signals, 'titer-rerise')).toBe(false);
    }
  });

  it('an unresolved conflict after the last positive withholds the tapering signal; marking one entered in error resolves it', () => {
    const history = [titer(1, '2023-01-01', 40), titer(2, '2023-03-01', 14), titer(3, '2023-03-01', 3), titer(4, '2024-02-01', 3), titer(5, '2024-05-01', 2)];
    const signals = run({ ...muscle, antibodyResults: history }, asOf);
    expect(has(signals, 'taper-discussion')).toBe(false);
    expect(find(signals, 'taper-withheld')?.explanation).toContain('not resolved (correct or mark one of them entered in error)');
    const resolved = history.map((r) => (r.id === 2 ? { ...r, enteredInError: true } : r));
    expect(has(run({ ...muscle, antibodyResults: resolved }, asOf), 'taper-discussion')).toBe(true);
  });
});

describe('H5: declining never beside a re-rise, nor on a negative latest result', () => {
  it.each([
    ['40, 20, 2, 15', [40, 20, 2, 15], {}],
    ['60, <5, 11', [60, 5, 11], { comparatorAt: 1 }],
  ])('%s: re-rise only', (_name, values, opts) => {
    const results = values.map((v, i) => titer(i + 1, `2024-0${i + 1}-01`, v, i === (opts as { comparatorAt?: number }).comparatorAt ? { comparator: '<' } : {}));
    const signals = run({ antibodyResults: results }, '2024-12-01');
    expect(has(signals, 'titer-rerise')).toBe(true);
    expect(has(signals, 'titer-declining')).toBe(false);
  });

  it('IIF 1:640, 1:80, 1:160: one dilution step is not a re-rise, and not a decline either', () => {
    const iif = (id: number, date: string, v: number) => titer(id, date, v, { unit: '{titer}', assayId: 3, assayLabel: 'IIF', cutoff: 80, positiveFrom: null, strongAbove: null, cutoffDilutionPositive: true });
    const signals = run({ antibodyResults: [iif(1, '2024-01-01', 640), iif(2, '2024-02-01', 80), iif(3, '2024-03-01', 160)] }, '2024-12-01');
    expect(has(signals, 'titer-declining')).toBe(false);
    expect(has(signals, 'titer-rerise')).toBe(false);
    const twoSteps = run({ antibodyResults: [iif(1, '2024-01-01', 640), iif(2, '2024-02-01', 80), iif(3, '2024-03-01', 320)] }, '2024-12-01');
    expect(find(twoSteps, 'titer-rerise')?.explanation).toContain('4 times the nadir');
  });

  it('the cut-off dilution is positive when the assay says so, negative otherwise', () => {
    const at80 = (dilutionPositive: boolean) => titer(1, '2024-01-01', 80, { unit: '{titer}', cutoff: 80, positiveFrom: null, strongAbove: null, cutoffDilutionPositive: dilutionPositive });
    expect(has(run({ antibodyResults: [titer(2, '2023-06-01', 30), at80(false)] }, '2024-02-01'), 'titer-normalized')).toBe(true);
    expect(has(run({ antibodyResults: [titer(2, '2023-06-01', 30), at80(true)] }, '2024-02-01'), 'titer-normalized')).toBe(false);
  });
});

describe('H6: normalization across an assay switch', () => {
  const positives = [titer(1, '2023-01-01', 40), titer(2, '2023-06-01', 30)];
  const qualNegative = (id: number, date: string) => titer(id, date, null, { assayId: 5, assayLabel: 'Immunoblot, Lab C', qualitative: 'negative', cutoff: null, positiveFrom: null, strongAbove: null });

  it('two negatives of another assay: the tapering signal says first that the assay changed', () => {
    const signals = run({ ...muscle, antibodyResults: [...positives, qualNegative(3, '2024-01-15'), qualNegative(4, '2024-05-01')] }, asOf);
    const s = find(signals, 'taper-discussion');
    expect(s?.explanation).toMatch(/^The assay changed since the last positive result \(Mi-2β: positive by Line blot A on 2023-06-01, negative by Immunoblot, Lab C\)/);
    expect(has(signals, 'assay-change')).toBe(true);
  });

  it('one negative in each of two assays is not sustained', () => {
    const signals = run({ ...muscle, antibodyResults: [...positives, titer(3, '2024-01-15', 3), qualNegative(4, '2024-05-01')] }, asOf);
    expect(has(signals, 'normalization-sustained')).toBe(false);
    expect(has(signals, 'taper-discussion')).toBe(false);
  });
});

describe('H7: treatment modelling', () => {
  const results = [40, 3, 2].map((v, i) => titer(1 + i, dates[i]!, v));
  const rituximab = (id: number, on: string) => med(id, on, on, { drug: 'rituximab', drugClass: 'anti-cd20', route: 'iv', frequency: 'per course', dose: 1000 });

  it('rituximab recorded as one-day infusions every 6 months counts as current treatment until the next is due', () => {
    const meds = [rituximab(30, '2023-06-15'), rituximab(31, '2024-01-10')];
    const s = find(run({ ...muscle, antibodyResults: results, medications: meds }, asOf), 'taper-discussion');
    expect(s?.explanation).toContain('while on rituximab 1000 mg (last dose 2024-01-10, covering until 2024-07-10)');
    expect(s?.since).toBe('2024-05-01');
    // After its coverage ends, nothing is left to taper.
    expect(has(run({ ...muscle, antibodyResults: results, medications: meds }, '2024-07-11'), 'taper-discussion')).toBe(false);
  });

  it('the dose frequency, when it names an interval, sets the coverage', () => {
    const ivig = med(30, '2024-05-01', '2024-05-01', { drug: 'ivig', drugClass: 'immunoglobulin', route: 'iv', frequency: 'every 6 weeks', dose: 2, doseUnit: 'g/kg' });
    expect(has(run({ ...muscle, antibodyResults: results, medications: [ivig] }, '2024-06-11'), 'taper-discussion')).toBe(true);
    expect(has(run({ ...muscle, antibodyResults: results, medications: [ivig] }, '2024-06-12'), 'taper-discussion')).toBe(false);
  });

  it('a one-day gap between prednisone and methotrexate is continuous treatment (since = prednisone start)', () => {
    const meds = [med(30, '2024-01-01', '2024-04-30'), med(31, '2024-05-02', null, { drug: 'methotrexate', drugClass: 'antimetabolite', frequency: 'weekly', dose: 15 })];
    expect(find(run({ ...muscle, antibodyResults: results, medications: meds }, asOf), 'taper-discussion')?.since).toBe('2024-05-01');
    const later = [med(30, '2024-05-03', '2024-05-10'), med(31, '2024-05-12', null, { drug: 'methotrexate', drugClass: 'antimetabolite', frequency: 'weekly', dose: 15 })];
    expect(find(run({ ...muscle, antibodyResults: results, medications: later }, asOf), 'taper-discussion')?.since).toBe('2024-05-03');
    const gap = [med(30, '2024-04-01', '2024-04-20'), med(31, '2024-05-21', null)];
    expect(find(run({ ...muscle, antibodyResults: results, medications: gap }, asOf), 'taper-discussion')?.since).toBe('2024-05-21');
  });
});
