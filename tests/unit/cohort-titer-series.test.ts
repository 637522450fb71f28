import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followedSeries, seriesSummary, type AssayLevels } from '@/lib/domain/cohort/titer-series';

const days = (...dates: string[]) => dates.map((date, i) => ({ date, value: 10 - i }));
const blot: AssayLevels = { assayId: 2, assayLabel: 'Mi-2β line blot, Reference lab A', levels: days('2020-01-01', '2020-06-01', '2021-01-01') };
const immunoblot: AssayLevels = { assayId: 3, assayLabel: 'Mi-2β immunoblot, Reference lab B', levels: days('2020-01-01', '2022-01-01') };

describe('one titer series per patient: the most used assay', () => {
  it('takes the assay with the most titer days and counts what the others held', () => {
    expect(followedSeries([immunoblot, blot])).toEqual({ ...blot, otherAssays: 1, otherLevels: 2 });
  });

  it('equal days: the assay measured most recently; then the lower catalog id', () => {
    const recent = { ...immunoblot, levels: days('2020-01-01', '2020-02-01', '2023-01-01') };
    expect(followedSeries([blot, recent])?.assayId).toBe(3);
    const twin = { ...blot, assayId: 7, assayLabel: 'Mi-2β line blot, copy' };
    expect(followedSeries([twin, blot])?.assayId).toBe(2);
  });

  it('no numeric level: no series', () => {
    expect(followedSeries([])).toBeNull();
    expect(followedSeries([{ ...blot, levels: [] }])).toBeNull();
  });

  it('property: the choice never depends on the order the assays come in', () => {
    const assay = fc.record({
      assayId: fc.integer({ min: 1, max: 6 }),
      levels: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }).map((ds) => ds.sort((a, b) => a - b).map((d) => ({ date: `2020-01-${String(d % 28 + 1).padStart(2, '0')}`, value: d }))),
    });
    fc.assert(fc.property(fc.uniqueArray(assay, { selector: (a) => a.assayId, maxLength: 5 }), (list) => {
      const labelled = list.map((a) => ({ ...a, assayLabel: `assay ${a.assayId}` }));
      const chosen = followedSeries(labelled);
      expect(followedSeries([...labelled].reverse())).toEqual(chosen);
      if (chosen) expect(chosen.levels.length + chosen.otherLevels).toBe(labelled.reduce((s, a) => s + a.levels.length, 0));
    }));
  });

  it('summary: patients with a series, those with other assays left out, and the days left out', () => {
    expect(seriesSummary([followedSeries([blot, immunoblot]), followedSeries([blot]), null])).toEqual({ patients: 2, withOtherAssays: 1, levelsLeftOut: 2 });
  });
});
