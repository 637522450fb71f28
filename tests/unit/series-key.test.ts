import { describe, expect, it } from 'vitest';
import type { ChartData } from 'chart.js';
import { REFERENCE_RANGE_KEY } from '@/lib/domain/timeline/sketch';
import { answersTo, withHidden } from '@/app/(app)/patients/[id]/timeline/series-key';

const ck: ChartData<'line', number[]> = {
  datasets: [
    { label: 'CK', data: [1, 2] },
    { label: REFERENCE_RANGE_KEY, data: [3, 4] },
    { label: 'Lower limit', ...answersTo(REFERENCE_RANGE_KEY), data: [0, 0] },
  ],
};
const hiddenOf = (d: ChartData<'line', number[]>) => d.datasets.map((ds) => ds.hidden === true);

describe('the panel key as a switch (series-key.ts)', () => {
  it('hides nothing, and hands the same data back, until an entry is hidden', () => {
    expect(withHidden(ck, new Set())).toBe(ck);
    expect(hiddenOf(withHidden(ck, new Set(['Something not in this panel'])))).toEqual([false, false, false]);
  });

  it('hides the series of a hidden entry, and the reference band with its lower edge', () => {
    expect(hiddenOf(withHidden(ck, new Set(['CK'])))).toEqual([true, false, false]);
    expect(hiddenOf(withHidden(ck, new Set([REFERENCE_RANGE_KEY])))).toEqual([false, true, true]);
    // The data the chart was given is left as it was.
    expect(hiddenOf(ck)).toEqual([false, false, false]);
  });
});
