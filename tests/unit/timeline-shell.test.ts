import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { gzipTimeline } from '@/lib/dal/timeline-wire';
import { buildTimeline } from '@/lib/domain/timeline/build';
import { sliceFlowsheet } from '@/lib/domain/timeline/flowsheet-view';
import { initialRange, SHELL_FLOWSHEET_DATES, timelineShell } from '@/lib/domain/timeline/shell';
import { rangeWindow } from '@/lib/domain/timeline/time';
import { addDays } from '@/lib/domain/dates';
import { ck, med, mmtVisit, titer } from './signals-fixtures';

const TODAY = '2026-01-15';
/** Twenty years of monthly titers and CK, quarterly visits, a taper and a stop. */
function longTimeline() {
  const days = Array.from({ length: 240 }, (_, i) => addDays(TODAY, -30 * (240 - i)));
  return buildTimeline({
    antibodyResults: days.map((d, i) => titer(i + 1, d, 40 - i / 8)),
    enzymeResults: days.map((d, i) => ck(i + 1, d, 2000 - i * 7)),
    visits: days.filter((_, i) => i % 3 === 0).map((d, i) => mmtVisit(i + 1, d, 60 + (i % 20))),
    medications: [med(1, days[0]!, days[100]!), med(2, days[101]!, null, { dose: 10 })],
    signals: [],
    today: TODAY,
  });
}

describe('timeline shell and wire', () => {
  it('the shell flowsheet shows exactly what the full flowsheet shows for the newest dates of the opening window', () => {
    const t = longTimeline();
    const shell = timelineShell(t);
    const { from, to } = rangeWindow(initialRange(t.extent), t.extent);
    expect(initialRange(t.extent)).toBe('5y');
    const full = sliceFlowsheet(t.flowsheet, from, to);
    expect(full.dates.length).toBeGreaterThan(SHELL_FLOWSHEET_DATES);
    expect(shell.flowsheet.dates).toEqual(full.dates.slice(-SHELL_FLOWSHEET_DATES));
    const newest = full.dates.at(-SHELL_FLOWSHEET_DATES)!;
    expect(sliceFlowsheet(shell.flowsheet, from, to)).toEqual(sliceFlowsheet(t.flowsheet, newest, to));
  });

  it('a short course keeps every date of its opening window in the shell', () => {
    const days = ['2025-03-01', '2025-06-01', '2025-09-01'];
    const t = buildTimeline({ antibodyResults: days.map((d, i) => titer(i + 1, d, 30)), enzymeResults: [], visits: [], medications: [], signals: [], today: TODAY });
    expect(timelineShell(t).flowsheet.dates).toEqual(days);
  });

  it('panel frames count what the full data draws', () => {
    const shell = timelineShell(longTimeline());
    expect(shell.frames.titer.attrs['data-points']).toBe(240);
    expect(shell.frames.ck.attrs['data-points']).toBe(240);
    expect(shell.frames.mmt.attrs['data-points']).toBe(80);
    expect(shell.frames.meds.attrs['data-bars']).toBe(2);
    expect(shell.frames.others).toBeNull();
  });

  it('the stored data decodes to the same timeline, at a fraction of its JSON size', () => {
    const t = longTimeline();
    const stored = gzipTimeline(t);
    expect(JSON.parse(gunzipSync(stored).toString('utf8'))).toEqual(JSON.parse(JSON.stringify(t)));
    expect(stored.length).toBeLessThan(JSON.stringify(t).length / 4);
  });
});
