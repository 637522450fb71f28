/**
 * Class shading of the titer panel follows the limits each result was read with: when an
 * assay's limits change (the results keep theirs), the bands step there, so an older point
 * is never shaded as another class than its own. Review r4, R4-10. The chart and the
 * server-drawn first frame both draw `panel.bands`, so the sketch is checked too.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTimeline } from '@/lib/domain/timeline/build';
import { timelineSketch } from '@/lib/domain/timeline/sketch';
import { dayMs } from '@/lib/domain/timeline/time';
import { buildTiterPanel } from '@/lib/domain/timeline/titer-series';
import type { TiterPanel } from '@/lib/domain/timeline/types';
import { titer } from './signals-fixtures';

const none = new Set<number>();
/** 2023: cut-off 5, positive from 11, strong above 50 (fixture). 2024: the catalog's new limits. */
const NEW_LIMITS = { cutoff: 10, positiveFrom: 20, strongAbove: 80 };

/** The classes of the bands a point sits in (negative runs the whole axis; time spans are [from, to)). */
function shadingAt(p: TiterPanel, x: number, y: number): string[] {
  return p.bands.filter((b) => (b.fromX ?? -Infinity) <= x && x < (b.toX ?? Infinity) && b.yMin <= y && y < b.yMax).map((b) => b.cls);
}

function everyPointInItsOwnBand(p: TiterPanel): void {
  for (const pt of p.series.flatMap((s) => s.segments.flatMap((g) => g.points))) {
    expect({ date: pt.date, shading: shadingAt(p, pt.x, pt.y) }).toEqual({ date: pt.date, shading: [pt.cls] });
  }
}

describe('titer class bands follow each result\'s own limits', () => {
  it('45 units read with cut-off 5 (9×, positive) is shaded positive after the limits changed to strong above 8×', () => {
    const p = buildTiterPanel([titer(1, '2023-01-01', 45), titer(2, '2024-01-01', 30, NEW_LIMITS)], none);
    const [older, newer] = p.series[0]!.segments[0]!.points;
    expect([older!.cls, newer!.cls]).toEqual(['positive', 'positive']);
    expect(shadingAt(p, older!.x, older!.y)).toEqual(['positive']);
    everyPointInItsOwnBand(p);
    // The strong band starts where the new limits start; before that it sits above 10×.
    expect(p.bands.filter((b) => b.cls === 'strong').map((b) => [b.fromX, b.toX, b.yMin])).toEqual([
      [dayMs('2023-01-01'), dayMs('2024-01-01'), 10],
      [dayMs('2024-01-01'), null, 8],
    ]);
  });

  it('limits that change back make a third step; unchanged limits stay one band', () => {
    const p = buildTiterPanel([
      titer(1, '2022-01-01', 45), titer(2, '2023-01-01', 90, NEW_LIMITS), titer(3, '2024-01-01', 30), titer(4, '2025-01-01', 20),
    ], none);
    expect(p.bands.filter((b) => b.cls === 'borderline').map((b) => [b.fromX, b.toX, b.yMax])).toEqual([
      [dayMs('2022-01-01'), dayMs('2023-01-01'), 2.2],
      [dayMs('2023-01-01'), dayMs('2024-01-01'), 2],
      [dayMs('2024-01-01'), null, 2.2],
    ]);
    everyPointInItsOwnBand(p);
  });

  it('any sequence of results of one assay, read with one of two sets of limits, sits in its own class band', () => {
    fc.assert(fc.property(
      // A value exactly on a limit sits on the line between two bands: left out.
      fc.array(fc.record({ value: fc.integer({ min: 1, max: 400 }).filter((v) => ![5, 10, 11, 20, 50, 80].includes(v)), changed: fc.boolean() }), { minLength: 1, maxLength: 25 }),
      (rows) => {
        const results = rows.map((r, i) => titer(i + 1, `${2000 + i}-01-01`, r.value, r.changed ? NEW_LIMITS : {}));
        everyPointInItsOwnBand(buildTiterPanel(results, none));
      },
    ), { numRuns: 100 });
  });

  it('the first frame draws the same steps as the chart', () => {
    const t = buildTimeline({ antibodyResults: [titer(1, '2023-01-01', 45), titer(2, '2024-01-01', 30, NEW_LIMITS)], enzymeResults: [], visits: [], medications: [], signals: [], today: '2024-06-01' });
    const sketch = timelineSketch(t, dayMs('2022-06-01'), dayMs('2024-06-01'));
    const strong = sketch.titer!.marks.filter((m) => m.kind === 'area' && m.tone === 'strong');
    expect(strong).toHaveLength(t.titer.bands.filter((b) => b.cls === 'strong').length);
    expect(strong).toHaveLength(2);
  });
});
