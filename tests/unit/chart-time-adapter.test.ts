/**
 * The timeline's own Chart.js date adapter (chart-time-adapter.ts) must place and label
 * ticks exactly as chartjs-adapter-date-fns, which it replaced to keep date-fns's format
 * parsers out of the chart code (issue 24). Both override the same adapter prototype, so
 * the package's methods are copied before ours is loaded over them.
 */
import { _adapters } from 'chart.js';
import 'chartjs-adapter-date-fns'; // the package's methods, before ours replace them below
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

type Methods = Record<'parse' | 'format' | 'add' | 'diff' | 'startOf' | 'endOf' | 'formats', (...args: unknown[]) => unknown>;

const proto = _adapters._date.prototype as unknown as Methods;
const copy = (): Methods => ({ parse: proto.parse, format: proto.format, add: proto.add, diff: proto.diff, startOf: proto.startOf, endOf: proto.endOf, formats: proto.formats });
const PACKAGE = copy(); // taken at load, before any test imports ours

async function adapters(): Promise<{ pkg: Methods; ours: Methods }> {
  await import('@/app/(app)/patients/[id]/timeline/chart-time-adapter');
  return { pkg: PACKAGE, ours: copy() };
}

const UNITS = ['millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
// 1990 to 2040: the span of any record.
const time = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) });
const asMs = (v: unknown) => (v instanceof Date ? v.getTime() : v);

describe('timeline chart date adapter', () => {
  it('is really ours (not still the package) and gives the same ticks, steps and labels as chartjs-adapter-date-fns', async () => {
    const { pkg, ours } = await adapters();
    expect(ours.parse).not.toBe(pkg.parse);
    const formats = pkg.formats.call({}) as Record<string, string>;
    expect(ours.formats.call({})).toEqual(formats);
    fc.assert(fc.property(time, time, fc.constantFrom(...UNITS), fc.integer({ min: -30, max: 30 }), fc.integer({ min: 0, max: 6 }), (a, b, unit, n, weekday) => {
      expect(asMs(ours.add.call({}, a, n, unit))).toBe(asMs(pkg.add.call({}, a, n, unit)));
      expect(ours.diff.call({}, a, b, unit)).toBe(pkg.diff.call({}, a, b, unit));
      expect(asMs(ours.startOf.call({}, a, unit))).toBe(asMs(pkg.startOf.call({}, a, unit)));
      expect(asMs(ours.endOf.call({}, a, unit))).toBe(asMs(pkg.endOf.call({}, a, unit)));
      expect(asMs(ours.startOf.call({}, a, 'isoWeek', weekday))).toBe(asMs(pkg.startOf.call({}, a, 'isoWeek', weekday)));
      for (const fmt of Object.values(formats)) expect(ours.format.call({}, a, fmt)).toBe(pkg.format.call({}, a, fmt));
      expect(ours.parse.call({}, a)).toBe(pkg.parse.call({}, a));
      expect(ours.parse.call({}, new Date(a))).toBe(pkg.parse.call({}, new Date(a)));
      const iso = new Date(a).toISOString();
      expect(ours.parse.call({}, iso)).toBe(pkg.parse.call({}, iso));
    }), { numRuns: 300 });
  });

  it('reads nothing into empty or unreadable values', async () => {
    const { ours } = await adapters();
    for (const v of [null, undefined, 'not a date', '2024-13-45', Number.NaN, {}]) expect(ours.parse.call({}, v)).toBeNull();
  });
});
