import { describe, expect, it } from 'vitest';
import { buildTimeline, type TimelineInput } from '@/lib/domain/timeline/build';
import { paddedMs, rangeWindow, yearsBefore } from '@/lib/domain/timeline/time';
import { addDays } from '@/lib/domain/dates';
import { ck, med, mmtVisit, titer } from './signals-fixtures';

const TODAY = '2026-01-15';
const input = (parts: Partial<TimelineInput>): TimelineInput =>
  ({ antibodyResults: [], enzymeResults: [], visits: [], medications: [], signals: [], today: TODAY, ...parts });

describe('buildTimeline edge cases', () => {
  it('no data yet: empty, an extent of today, nothing to draw', () => {
    const t = buildTimeline(input({}));
    expect(t.empty).toBe(true);
    expect(t.extent).toEqual({ start: TODAY, end: TODAY });
    expect([t.titer.count, t.enzymes.ck, t.mmt.series.length, t.medications.bars.length, t.flowsheet.dates.length]).toEqual([0, null, 0, 0, 0]);
    expect(t.latest).toEqual([]);
  });

  it('a single point draws with a readable window around it', () => {
    const t = buildTimeline(input({ enzymeResults: [ck(1, '2025-06-01', 300)] }));
    expect(t.empty).toBe(false);
    expect(t.extent).toEqual({ start: '2025-06-01', end: TODAY });
    const w = paddedMs('2025-06-01', '2025-06-01');
    expect(w.max - w.min).toBe(30 * 86_400_000);
    expect(t.latest).toEqual([{ key: 'enzyme:ck', label: 'CK', date: '2025-06-01', text: '300 U/L H', abnormal: true }]);
  });

  it('entered-in-error rows never reach the chart or the flowsheet', () => {
    const t = buildTimeline(input({
      antibodyResults: [titer(1, '2025-01-01', 30, { enteredInError: true })],
      enzymeResults: [ck(1, '2025-01-01', 300, 200, { enteredInError: true })],
      visits: [mmtVisit(1, '2025-01-01', 70, { enteredInError: true })],
      medications: [med(1, '2025-01-01', null, { enteredInError: true })],
    }));
    expect(t.empty).toBe(true);
    expect(t.flowsheet).toEqual({ dates: [], rows: [] });
    expect([t.titer.count, t.medications.bars.length]).toEqual([0, 0]);
  });

  it('places signal markers at their since date and rings the rows they name', () => {
    const t = buildTimeline(input({
      antibodyResults: [titer(7, '2025-01-01', 3)],
      signals: [{ id: 1, code: 'titer-normalized', level: 'info', since: '2025-01-01', explanation: 'Latest negative.', resultIds: { antibody: [7], enzyme: [], visit: [], medication: [] } }],
    }));
    expect(t.signals).toMatchObject([{ code: 'titer-normalized', title: expect.any(String), date: '2025-01-01' }]);
    expect(t.titer.series[0]?.segments[0]?.points[0]?.signal).toBe(true);
  });

  it('30 years of monthly labs and quarterly visits build quickly and stay plain data', () => {
    const antibodyResults = [];
    const enzymeResults = [];
    const visits = [];
    let date = '1996-01-01';
    for (let i = 0; i < 360; i++) {
      antibodyResults.push(titer(i + 1, date, 5 + (i % 40)), titer(1000 + i, date, 3 + (i % 20), { analyte: 'mi2-alpha', assayId: i < 180 ? 1 : 2 }));
      enzymeResults.push(ck(i + 1, date, 100 + (i % 50) * 40));
      if (i % 3 === 0) visits.push(mmtVisit(i + 1, date, 60 + (i % 20)));
      date = addDays(date, 30);
    }
    const medications = [med(1, '1996-01-01', '2010-12-31', { dose: 20 }), med(2, '2011-01-01', null, { dose: 5 })];
    const started = performance.now();
    const t = buildTimeline(input({ antibodyResults, enzymeResults, visits, medications }));
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(1500);
    expect(t.titer.count).toBe(720);
    expect(t.titer.changes).toHaveLength(1);
    expect(t.enzymes.ck?.points).toHaveLength(360);
    expect(t.mmt.series[0]?.points).toHaveLength(120);
    expect(t.flowsheet.dates).toHaveLength(360);
    expect(t.correlations.every((c) => c.shown)).toBe(true);
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });
});

describe('range windows', () => {
  const extent = { start: '2001-03-01', end: '2024-02-29' };
  it('1 year, 5 years and all end at the extent end; 29 February falls back', () => {
    expect(rangeWindow('1y', extent)).toEqual({ from: '2023-02-28', to: '2024-02-29' });
    expect(rangeWindow('5y', extent)).toEqual({ from: '2019-02-28', to: '2024-02-29' });
    expect(rangeWindow('all', extent)).toEqual({ from: extent.start, to: extent.end });
    expect(yearsBefore('2024-05-10', 5)).toBe('2019-05-10');
  });
});
