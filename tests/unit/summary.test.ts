/**
 * The worklist snapshot (lib/domain/summary.ts): latest titer, CK and MMT-8 with their
 * trend, read day by day as the signal engine reads them (docs/clinical/signals.md
 * section 2; hazard H4): a day's results never depend on the order they were typed in,
 * a same-day pair is never a trend, and a trend compares the latest day with the one before.
 */
import { describe, expect, it } from 'vitest';
import { patientSnapshot } from '@/lib/domain/summary';
import type { AntibodyResult, EnzymeResult, Visit } from '@/lib/domain/types';
import { ck, mmtVisit, titer } from './signals-fixtures';

type Data = { antibodyResults?: AntibodyResult[]; enzymeResults?: EnzymeResult[]; visits?: Visit[] };
const snap = (d: Data) => patientSnapshot({ antibodyResults: d.antibodyResults ?? [], enzymeResults: d.enzymeResults ?? [], visits: d.visits ?? [] });

/** The same rows typed in the opposite order: ids reversed, rows listed backwards. */
function reversed(d: Data): Data {
  const flip = <T extends { id: number }>(rows: T[] = []) => rows.map((r) => ({ ...r, id: 100 - r.id })).reverse();
  return { antibodyResults: flip(d.antibodyResults), enzymeResults: flip(d.enzymeResults), visits: flip(d.visits) };
}

/** The snapshot of `d`, checked to be the same whichever order its rows were entered in. */
function orderFree(d: Data) {
  const s = snap(d);
  expect(snap(reversed(d))).toEqual(s);
  return s;
}

describe('titer: one day of one analyte', () => {
  it('a positive 40 and a negative 3 units on one day disagree: both values shown, no class, no level, no trend', () => {
    const s = orderFree({ antibodyResults: [titer(1, '2026-03-01', 20), titer(2, '2026-05-01', 40), titer(3, '2026-05-01', 3)] });
    expect(s.titer).toEqual({ analyte: 'mi2-beta', display: 'results disagree (40 units, 3 units)', cls: null, xCutoff: null, on: '2026-05-01', trend: null, conflict: true });
  });

  it('a negative beside another assay\'s positive on one day disagrees too', () => {
    const elisa = { assayId: 4, assayLabel: 'ELISA', cutoff: 20, positiveFrom: 20, strongAbove: null };
    const s = orderFree({ antibodyResults: [titer(1, '2026-05-01', 14), titer(2, '2026-05-01', 10, elisa)] });
    expect(s.titer).toMatchObject({ display: 'results disagree (14 units, 10 units)', cls: null, trend: null, conflict: true });
  });

  it('agreeing results are one value at the day\'s highest level, and the trend is from the previous day', () => {
    const s = orderFree({ antibodyResults: [titer(1, '2026-03-01', 20), titer(2, '2026-05-01', 45), titer(3, '2026-05-01', 40)] });
    expect(s.titer).toEqual({ analyte: 'mi2-beta', display: '45 units', cls: 'positive', xCutoff: 9, on: '2026-05-01', trend: 'up', conflict: false });
  });

  it('a same-day repeat alone is no trend, either way it was typed (40 then 20, or 20 then 40)', () => {
    expect(orderFree({ antibodyResults: [titer(1, '2026-05-01', 40), titer(2, '2026-05-01', 20)] }).titer).toMatchObject({ display: '40 units', trend: null });
  });

  it('no trend after a conflicting day, nor across a change of assay; the previous day only is compared', () => {
    const afterConflict = orderFree({ antibodyResults: [titer(1, '2026-01-01', 90), titer(2, '2026-03-01', 40), titer(3, '2026-03-01', 3), titer(4, '2026-05-01', 30)] });
    expect(afterConflict.titer).toMatchObject({ display: '30 units', cls: 'positive', trend: null });
    const other = { assayId: 3, assayLabel: 'Immunoblot B', cutoff: 10, positiveFrom: 10, strongAbove: 100 };
    const changed = orderFree({ antibodyResults: [titer(1, '2026-01-01', 90), titer(2, '2026-03-01', 300, other), titer(3, '2026-05-01', 30)] });
    expect(changed.titer).toMatchObject({ display: '30 units', trend: null });
    // Two labs on the previous day: the latest is compared with its own assay's point (45 -> 30 units: down).
    const twoLabs = orderFree({ antibodyResults: [titer(1, '2026-03-01', 45), titer(2, '2026-03-01', 300, other), titer(3, '2026-05-01', 30)] });
    expect(twoLabs.titer).toMatchObject({ display: '30 units', trend: 'down' });
  });

  it('of two analytes on the latest day, the conflict or else the more abnormal is shown; entered-in-error rows never count', () => {
    const alpha = { analyte: 'mi2-alpha' as const };
    const positive = orderFree({ antibodyResults: [titer(1, '2026-05-01', 3, alpha), titer(2, '2026-05-01', 30), titer(3, '2026-06-01', 90, { enteredInError: true })] });
    expect(positive.titer).toMatchObject({ analyte: 'mi2-beta', display: '30 units', on: '2026-05-01' });
    const conflict = orderFree({ antibodyResults: [titer(1, '2026-05-01', 60, alpha), titer(2, '2026-05-01', 30), titer(3, '2026-05-01', 2)] });
    expect(conflict.titer).toMatchObject({ analyte: 'mi2-beta', conflict: true, display: 'results disagree (30 units, 2 units)' });
  });
});

describe('CK: two results on one day count as the more abnormal', () => {
  it('900 and 150 U/L on one day: 900, high, and no trend from the pair', () => {
    expect(orderFree({ enzymeResults: [ck(1, '2026-05-01', 900), ck(2, '2026-05-01', 150)] }).ck).toEqual({ valueUL: 900, upperLimitUL: 200, high: true, on: '2026-05-01', trend: null });
  });

  it('more abnormal is the higher multiple of each result\'s own upper limit; the trend is from the previous day\'s', () => {
    const s = orderFree({ enzymeResults: [ck(1, '2026-02-01', 100, 200), ck(2, '2026-02-01', 150, 100), ck(3, '2026-05-01', 500, 200), ck(4, '2026-05-01', 300, 100)] });
    // 300 against 100 (3x) beats 500 against 200 (2.5x); the previous day read as 150 against 100 (1.5x): up.
    expect(s.ck).toMatchObject({ valueUL: 300, upperLimitUL: 100, trend: 'up' });
    expect(orderFree({ enzymeResults: [ck(1, '2026-02-01', 900), ck(2, '2026-05-01', 300)] }).ck).toMatchObject({ valueUL: 300, trend: 'down' });
  });
});

describe('MMT-8: two complete exams on one day count as the weaker', () => {
  it('75 and 60 on one day: 60, no trend from the pair; with an earlier visit of 50 the trend is up', () => {
    expect(orderFree({ visits: [mmtVisit(1, '2026-05-01', 75), mmtVisit(2, '2026-05-01', 60)] }).mmt).toEqual({ total: 60, max: 80, on: '2026-05-01', trend: null });
    expect(orderFree({ visits: [mmtVisit(1, '2026-01-01', 50), mmtVisit(2, '2026-05-01', 75), mmtVisit(3, '2026-05-01', 60)] }).mmt).toMatchObject({ total: 60, trend: 'up' });
  });
});

describe('everPositive', () => {
  it('any live positive result ever; an entered-in-error one does not count', () => {
    expect(snap({ antibodyResults: [titer(1, '2025-01-01', 40), titer(2, '2026-01-01', 2)] }).everPositive).toBe(true);
    expect(snap({ antibodyResults: [titer(1, '2025-01-01', 40, { enteredInError: true }), titer(2, '2026-01-01', 2)] }).everPositive).toBe(false);
    expect(snap({})).toEqual({ titer: null, ck: null, mmt: null, everPositive: false });
  });
});
