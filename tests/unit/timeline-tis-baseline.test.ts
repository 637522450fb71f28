/**
 * The timeline's TIS row scores against the same baseline as the visits tab, the FHIR export
 * and the flowsheet CSV: the first live visit, with or without an MMT exam (docs/clinical/tis.md
 * section 5). It used to take the first visit WITH an exam, so a visit of globals only was
 * skipped and the next one shown as "baseline".
 */
import { describe, expect, it } from 'vitest';
import { buildTimeline, type TimelineInput } from '@/lib/domain/timeline/build';
import { buildFlowsheet } from '@/lib/domain/timeline/flowsheet';
import { visitResponses } from '@/lib/domain/response';
import type { Visit } from '@/lib/domain/types';
import { ck, mmtVisit } from './signals-fixtures';

const TODAY = '2024-08-01';
const input = (parts: Partial<TimelineInput>): TimelineInput =>
  ({ antibodyResults: [], enzymeResults: [], visits: [], medications: [], signals: [], today: TODAY, ...parts });
const globals = { physicianGlobal: 5, patientGlobal: 5, haq: 1, extramuscular: 3 };
/** A visit with the global scores recorded but no MMT-8 exam. */
const globalsOnly = (id: number, on: string, extra: Partial<Visit> = {}): Visit => ({ ...mmtVisit(id, on, 60), mmtVersion: null, mmtGrades: {}, ...globals, ...extra });
const v1 = globalsOnly(1, '2024-01-10');
const v2 = mmtVisit(2, '2024-04-10', 60, globals);
const v3 = mmtVisit(3, '2024-07-10', 76, { physicianGlobal: 1, patientGlobal: 1, haq: 0.2, extramuscular: 0.5 });
const enz = [ck(1, '2024-01-10', 900), ck(2, '2024-04-10', 900), ck(3, '2024-07-10', 150)];
const texts = (cells: Record<string, { text: string }> | undefined) => Object.fromEntries(Object.entries(cells ?? {}).map(([d, c]) => [d, c.text]));
const tisOf = (sheet: { rows: { key: string; cells: Record<string, { text: string }> }[] }) => texts(sheet.rows.find((r) => r.key === 'tis')?.cells);

describe('the timeline TIS row: baseline is the first live visit', () => {
  it('a first visit without an MMT exam is the baseline; the later visits are scored against it, as the visits tab scores them', () => {
    const t = buildTimeline(input({ enzymeResults: enz, visits: [v1, v2, v3] }));
    const def = visitResponses([v1, v2, v3], enz);
    expect(def.baselineVisitId).toBe(1);
    // The first visit has no MMT-8, so every later score is incomplete (no "72.5 major" against visit 2).
    expect(def.responses.filter((r) => r.tis).every((r) => r.tis?.score === null)).toBe(true);
    expect(tisOf(t.flowsheet)).toEqual({ '2024-01-10': 'baseline', '2024-04-10': 'incomplete', '2024-07-10': 'incomplete' });
    expect(t.latest.find((l) => l.key === 'tis')).toMatchObject({ date: '2024-07-10', text: 'incomplete' });
  });

  it('the screen shows the same dates and cells as the flowsheet CSV of the same rows', () => {
    for (const visits of [[v1, v2, v3], [v2, v3], [v1, { ...v2, enteredInError: true }, v3]]) {
      const t = buildTimeline(input({ enzymeResults: enz, visits }));
      const csv = buildFlowsheet([], enz, visits, []);
      expect(t.flowsheet).toEqual(csv);
    }
  });

  it('the baseline\'s date is a column and lies inside the chart\'s range even with no result that day', () => {
    const t = buildTimeline(input({ enzymeResults: enz.slice(1), visits: [globalsOnly(1, '2023-12-01'), v2, v3] }));
    expect(t.flowsheet.dates[0]).toBe('2023-12-01');
    expect(tisOf(t.flowsheet)['2023-12-01']).toBe('baseline');
    expect(t.extent.start).toBe('2023-12-01');
    // The MMT panel and row still hold the exams only.
    expect(t.mmt.series[0]?.points.map((p) => p.date)).toEqual(['2024-04-10', '2024-07-10']);
    expect(Object.keys(t.flowsheet.rows.find((r) => r.key === 'mmt')?.cells ?? {})).toEqual(['2024-04-10', '2024-07-10']);
  });

  it('without the globals-only visit the first exam is the baseline and the score is shown', () => {
    const t = buildTimeline(input({ enzymeResults: enz, visits: [v2, v3] }));
    const score = visitResponses([v2, v3], enz).responses.find((r) => r.visitId === 3)?.tis?.score;
    expect(score).toBeGreaterThan(0);
    expect(tisOf(t.flowsheet)).toEqual({ '2024-04-10': 'baseline', '2024-07-10': `${score} major` });
  });

  it('a visit entered in error is never the baseline', () => {
    const t = buildTimeline(input({ enzymeResults: enz, visits: [{ ...v1, enteredInError: true }, v2, v3] }));
    expect(tisOf(t.flowsheet)['2024-04-10']).toBe('baseline');
    expect(tisOf(t.flowsheet)['2024-01-10']).toBeUndefined();
  });

  it('a single visit of globals only draws nothing: the timeline stays empty', () => {
    const t = buildTimeline(input({ visits: [globalsOnly(1, '2024-01-10')] }));
    expect(t.empty).toBe(true);
    expect(t.flowsheet).toEqual({ dates: [], rows: [] });
  });
});
