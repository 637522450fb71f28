import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { linearTicks, logTicks, MAX_TIME_TICKS, timeTicks } from '@/lib/domain/timeline/axis-ticks';
import { buildTimeline } from '@/lib/domain/timeline/build';
import { initialRange, timelineShell } from '@/lib/domain/timeline/shell';
import { timelineSketch } from '@/lib/domain/timeline/sketch';
import { dayMs, paddedMs, rangeWindow } from '@/lib/domain/timeline/time';
import { addDays } from '@/lib/domain/dates';
import { ck, med, mmtVisit, titer } from './signals-fixtures';

const TODAY = '2026-01-15';

/** Every "M x y" of a path: the points a dot or ring path draws. */
const dotsOf = (d: string) => [...d.matchAll(/M(-?\d+) (-?\d+)h0/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));

describe('axis ticks shared by the first frame and the charts', () => {
  it('log axes tick 1, 2 and 5 per decade, labelled as the charts label them', () => {
    expect(logTicks(0.1, 100, '×').map((t) => t.label)).toEqual(['0.1×', '0.2×', '0.5×', '1×', '2×', '5×', '10×', '20×', '50×', '100×']);
    expect(logTicks(10, 10000).map((t) => t.value)).toEqual([10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]);
    expect(logTicks(0, 10)).toEqual([]); // no log axis from 0
  });

  it('linear axes step 20 for MMT-8 (0-80) and 25 for the bilateral 150', () => {
    expect(linearTicks(80).map((t) => t.value)).toEqual([0, 20, 40, 60, 80]);
    expect(linearTicks(150).map((t) => t.value)).toEqual([0, 25, 50, 75, 100, 125, 150]);
  });

  it('time ticks fall on years, months or days by the span', () => {
    const fiveYears = paddedMs('2021-01-15', '2026-01-15');
    expect(timeTicks(fiveYears.min, fiveYears.max).map((t) => t.label)).toEqual(['2021', '2022', '2023', '2024', '2025', '2026']);
    const oneYear = paddedMs('2025-01-15', '2026-01-15');
    expect(timeTicks(oneYear.min, oneYear.max).map((t) => t.label)).toEqual(['Jan 2025', 'Mar 2025', 'May 2025', 'Jul 2025', 'Sep 2025', 'Nov 2025', 'Jan 2026']);
    const month = paddedMs('2025-12-15', '2026-01-15');
    expect(timeTicks(month.min, month.max).map((t) => t.label)).toEqual(['1 Dec', '15 Dec', '29 Dec', '12 Jan', '26 Jan']);
  });

  it('any window gets between 1 and MAX_TIME_TICKS ticks, in order and inside it', () => {
    fc.assert(fc.property(fc.integer({ min: -3650, max: 20000 }), fc.integer({ min: 1, max: 60 * 365 }), (startDay, spanDays) => {
      const min = startDay * 86_400_000;
      const max = min + spanDays * 86_400_000;
      const ticks = timeTicks(min, max);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.length).toBeLessThanOrEqual(MAX_TIME_TICKS);
      ticks.forEach((t, i) => {
        expect(t.value).toBeGreaterThanOrEqual(min);
        expect(t.value).toBeLessThanOrEqual(max);
        if (i) expect(t.value).toBeGreaterThan(ticks[i - 1]!.value);
      });
    }));
  });
});

describe('the first frame (sketch)', () => {
  it('places a point by its date and level: window edges at 0 and 1000, 1× cut-off two thirds down a 0.1-100× axis', () => {
    const t = buildTimeline({ antibodyResults: [titer(1, '2025-06-01', 10)], enzymeResults: [], visits: [], medications: [], signals: [], today: TODAY });
    const at = dayMs('2025-06-01');
    const sketch = timelineSketch(t, at, at + 10 * 86_400_000);
    const titerPanel = sketch.titer!;
    const y = (v: number) => Math.round(1000 - ((Math.log10(v) - Math.log10(t.titer.yMin)) / (Math.log10(t.titer.yMax) - Math.log10(t.titer.yMin))) * 1000);
    const dots = titerPanel.marks.filter((m) => m.kind === 'dot' || m.kind === 'ring').flatMap((m) => dotsOf(m.d));
    expect(dots).toEqual([{ x: 0, y: y(t.titer.series[0]!.segments[0]!.points[0]!.y) }]);
    expect(titerPanel.marks.find((m) => m.kind === 'dashed' && m.tone === 'ink')?.d).toBe(`M0 ${y(1)}H1000`);
    expect(titerPanel.y.find((tick) => tick.label === '1×')?.at).toBe(y(1));
  });

  it('draws every titer, CK and MMT point of the opening window, and none outside it', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ day: fc.integer({ min: 1, max: 9000 }), value: fc.double({ min: 0.5, max: 400, noNaN: true }) }), { minLength: 1, maxLength: 40 }),
      (rows) => {
        const dated = [...new Map(rows.map((r) => [r.day, r])).values()].sort((a, b) => b.day - a.day);
        const dates = dated.map((r) => addDays(TODAY, -r.day));
        const t = buildTimeline({
          antibodyResults: dated.map((r, i) => titer(i + 1, dates[i]!, r.value)),
          enzymeResults: dated.map((r, i) => ck(i + 1, dates[i]!, r.value * 10)),
          visits: dated.map((r, i) => mmtVisit(i + 1, dates[i]!, 40 + (i % 40))),
          medications: [], signals: [], today: TODAY,
        });
        // The chart's window: the range chosen, padded so edge points show whole.
        const { from, to } = rangeWindow(initialRange(t.extent), t.extent);
        const { min, max } = paddedMs(from, to);
        const shown = dates.filter((d) => dayMs(d) >= min && dayMs(d) <= max).length;
        const sketch = timelineShell(t).sketch;
        const points = (panel: typeof sketch.titer, kinds: string[]) => panel!.marks.filter((m) => kinds.includes(m.kind)).flatMap((m) => dotsOf(m.d));
        for (const [panel, kinds] of [[sketch.titer, ['dot', 'ring']], [sketch.ck, ['dot', 'ring']], [sketch.mmt, ['dot']]] as const) {
          const drawn = points(panel, [...kinds]);
          expect(drawn).toHaveLength(shown);
          for (const p of drawn) {
            expect(p.x).toBeGreaterThanOrEqual(0);
            expect(p.x).toBeLessThanOrEqual(1000);
          }
        }
      },
    ), { numRuns: 60 });
  });

  it('a long course opens on its last 5 years, its lines entering from the left edge', () => {
    const days = Array.from({ length: 240 }, (_, i) => addDays(TODAY, -30 * (240 - i)));
    const t = buildTimeline({
      antibodyResults: days.map((d, i) => titer(i + 1, d, 40 - i / 8)), enzymeResults: days.map((d, i) => ck(i + 1, d, 2000 - i * 7)),
      visits: [], medications: [med(1, days[0]!, days[100]!), med(2, days[101]!, null, { dose: 10 })], signals: [], today: TODAY,
    });
    const sketch = timelineShell(t).sketch;
    expect(sketch.x.map((tick) => tick.label)).toEqual(['2021', '2022', '2023', '2024', '2025', '2026']);
    const line = sketch.titer!.marks.find((m) => m.kind === 'line')!.d;
    expect(Number(/^M(-?\d+)/.exec(line)![1])).toBeLessThan(0); // one point before the window, so the line reaches its edge
    // One lane (both epochs are prednisone): only the dose still running shows, from the window's left edge.
    expect(sketch.meds!.marks.map((m) => m.d)).toEqual([expect.stringMatching(/^M0 500H\d+$/)]);
    expect(sketch.meds!.y).toEqual([{ at: 500, label: 'Prednisone' }]);
  });

  it('no titers, no CK, no MMT and no treatment: no panel is sketched', () => {
    const t = buildTimeline({ antibodyResults: [], enzymeResults: [], visits: [], medications: [], signals: [], today: TODAY });
    const { titer: a, ck: b, others, mmt, meds } = timelineShell(t).sketch;
    expect([a, b, others, mmt, meds]).toEqual([null, null, null, null, null]);
  });
});
