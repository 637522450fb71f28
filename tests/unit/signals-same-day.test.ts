/**
 * Results of one analyte on one day (docs/clinical/signals.md sections 2 and 4; hazard
 * log H4): a negative beside a result that cannot be classified is a conflict, never a
 * negative day; positive and strong agree; a second lab on the day of a rise breaks no
 * assay run; and nothing depends on which assay has the lower id. Found by a clinical
 * safety review (issue 24's stop, 2026-12-06).
 */
import { describe, expect, it } from 'vitest';
import type { SignalInput } from '@/lib/domain/signals';
import type { AntibodyResult } from '@/lib/domain/types';
import { ck, find, has, med, mmtVisit, run, titer } from './signals-fixtures';

const asOf = '2024-06-01';
const muscle: Partial<SignalInput> = {
  enzymeResults: [ck(10, '2024-05-01', 150)],
  visits: [mmtVisit(20, '2024-05-01', 80)],
  medications: [med(30, '2023-06-01', null)],
};
// Mi-2beta: positive, then two line-blot negatives 90 days apart: sustained normalization.
const beta = [titer(1, '2023-06-01', 30), titer(2, '2024-02-01', 4), titer(3, '2024-05-01', 3)];
const elisa = (id: number) => ({ analyte: 'mi2-alpha' as const, assayId: id, assayLabel: `ELISA (assay ${id})`, unit: 'AU', cutoff: 20, positiveFrom: 20, strongAbove: 80 });
const blot = (id: number) => ({ analyte: 'mi2-alpha' as const, assayId: id, assayLabel: `Line blot (assay ${id})`, unit: 'units', cutoff: 5, positiveFrom: 11, strongAbove: 50 });

describe('latest day of another analyte: a negative beside an unclassifiable result', () => {
  // Mi-2alpha on 2024-05-15: ELISA 6 AU (negative) and a line blot "<30 units" (cut-off 5):
  // "<30" cannot be classified (could be positive). Per signals.md section 5.2 the latest
  // Mi-2alpha result is not (only) negative: the tapering signal must be withheld.
  const alphaDay = (elisaId: number, blotId: number): AntibodyResult[] => [
    titer(40, '2024-05-15', 6, elisa(elisaId)),
    titer(41, '2024-05-15', 30, { ...blot(blotId), comparator: '<' }),
  ];

  it('two assays, the unclassifiable one with the lower assay id: tapering signal must not fire', () => {
    const s = run({ ...muscle, antibodyResults: [...beta, ...alphaDay(9, 8)] }, asOf);
    expect(has(s, 'taper-discussion')).toBe(false);
  });

  it('the same rows with the two assay ids swapped give the same signals (order and ids never matter)', () => {
    const a = run({ ...muscle, antibodyResults: [...beta, ...alphaDay(9, 8)] }, asOf).map((x) => x.code);
    const b = run({ ...muscle, antibodyResults: [...beta, ...alphaDay(8, 9)] }, asOf).map((x) => x.code);
    expect(a).toEqual(b);
  });

  it('one assay: ELISA 6 AU and ELISA "<30" AU (cut-off 20) on the same day: tapering signal must not fire', () => {
    const day = [titer(40, '2024-05-15', 6, elisa(9)), titer(41, '2024-05-15', 30, { ...elisa(9), comparator: '<' })];
    const s = run({ ...muscle, antibodyResults: [...beta, ...day] }, asOf);
    expect(has(s, 'taper-discussion')).toBe(false);
  });

  it('a qualitative-only result with no category (unclassified) beside a negative: tapering signal must not fire', () => {
    const day = [titer(40, '2024-05-15', 6, elisa(9)), titer(41, '2024-05-15', null, { ...blot(8), cutoff: null, positiveFrom: null, strongAbove: null, qualitative: null })];
    const s = run({ ...muscle, antibodyResults: [...beta, ...day] }, asOf);
    expect(has(s, 'taper-discussion')).toBe(false);
  });
});

describe('re-rise in one assay, confirmed the same day by a second lab', () => {
  // Mi-2beta line blot (assay 1, cut-off 5): 40, then 6 (borderline, nadir 1.2 x), then 13
  // (2.6 x): 2.17 x the nadir in one assay, a titer re-rise (Warning).
  const blotRise = [titer(1, '2023-06-01', 40), titer(2, '2024-01-10', 6), titer(3, '2024-05-01', 13)];
  const secondLab = (assayId: number) => titer(4, '2024-05-01', 30, { assayId, assayLabel: `ELISA, Lab B (assay ${assayId})`, unit: 'AU', cutoff: 20, positiveFrom: 20, strongAbove: 80 });

  it('without the second lab: re-rise fires (baseline)', () => {
    expect(has(run({ antibodyResults: blotRise }, asOf), 'titer-rerise', 'mi2-beta')).toBe(true);
  });

  it('a second lab\'s positive on the same day (higher assay id) must not remove the re-rise warning', () => {
    expect(has(run({ antibodyResults: [...blotRise, secondLab(7)] }, asOf), 'titer-rerise', 'mi2-beta')).toBe(true);
  });

  it('nor a second lab\'s positive on the same day with a lower assay id', () => {
    expect(has(run({ antibodyResults: [...blotRise, secondLab(0)] }, asOf), 'titer-rerise', 'mi2-beta')).toBe(true);
  });
});

const elisaB = { assayId: 2, assayLabel: 'ELISA B', unit: 'AU', cutoff: 20, positiveFrom: 20, strongAbove: 80 };

describe('positive and strong positive on one day', () => {
  it('Mi-2beta 40, 3 (negative), then line blot 30 (positive) and ELISA 100 AU (strong) on one day: a re-rise (seroreversion) warning', () => {
    const rows = [titer(1, '2023-06-01', 40), titer(2, '2024-01-10', 3), titer(3, '2024-05-01', 30), titer(4, '2024-05-01', 100, elisaB)];
    const s = run({ antibodyResults: rows }, asOf);
    expect(has(s, 'titer-rerise', 'mi2-beta')).toBe(true);
    expect(has(s, 'same-day-conflict', 'mi2-beta')).toBe(false);
  });

  it('the same assay repeated on one day, 45 and 60 units (strong above 50), after a negative: a re-rise warning', () => {
    const rows = [titer(1, '2023-06-01', 40), titer(2, '2024-01-10', 3), titer(3, '2024-05-01', 45), titer(4, '2024-05-01', 60)];
    const s = run({ antibodyResults: rows }, asOf);
    expect(has(s, 'titer-rerise', 'mi2-beta')).toBe(true);
  });

  it('a patient whose only anti-Mi2 day is line blot 30 and ELISA 100 AU, 14 months ago: titer overdue', () => {
    const rows = [titer(3, '2023-04-01', 30), titer(4, '2023-04-01', 100, elisaB)];
    const s = run({ antibodyResults: rows }, asOf);
    expect(find(s, 'titer-overdue')).toBeDefined();
  });
});

describe('two labs agreeing on the latest day', () => {
  it('a confirming negative from a second lab on the day of the latest negative keeps normalization sustained, whichever assay id is lower', () => {
    const rows = (id: number) => [...beta, titer(9, '2024-05-01', 5, { assayId: id, assayLabel: 'ELISA, Lab B', unit: 'AU', cutoff: 20, positiveFrom: 20, strongAbove: 80 })];
    for (const id of [0, 7]) {
      const s = run({ ...muscle, antibodyResults: rows(id) }, asOf);
      expect(has(s, 'normalization-sustained', 'mi2-beta')).toBe(true);
      expect(has(s, 'taper-discussion')).toBe(true);
    }
  });
});
