import { describe, expect, it } from 'vitest';
import { visitResponses } from '@/lib/domain/response';
import type { EnzymeResult, Visit } from '@/lib/domain/types';

const KEYS = ['neck_flexors', 'deltoid', 'biceps', 'wrist_extensors', 'gluteus_maximus', 'gluteus_medius', 'quadriceps', 'ankle_dorsiflexors'];
const grades = (g: number[]) => Object.fromEntries(KEYS.map((k, i) => [k, g[i] ?? null]));
const visit = (id: number, visitOn: string, o: Partial<Visit> = {}): Visit => ({
  id, visitOn, mmtVersion: 'unilateral', mmtGrades: grades([6, 6, 6, 6, 6, 6, 6, 6]), physicianGlobal: 6, patientGlobal: 6, haq: 1.5, extramuscular: 4, enteredInError: false, ...o,
});
const ck = (id: number, collectedOn: string, valueUL: number, analyte: EnzymeResult['analyte'] = 'ck'): EnzymeResult => ({
  id, analyte, collectedOn, value: valueUL, unit: 'U/L', valueUL, lowerLimitUL: null, upperLimitUL: 200, enteredInError: false,
});

describe('per-visit Total Improvement Score', () => {
  it('scores a major improvement against the first visit and gives the baseline no score', () => {
    const visits = [
      visit(1, '2024-01-10', { mmtGrades: grades([5, 5, 5, 5, 5, 5, 5, 5]), physicianGlobal: 7, patientGlobal: 7, haq: 2, extramuscular: 5 }),
      visit(2, '2024-07-10', { mmtGrades: grades([9, 9, 9, 9, 9, 9, 9, 9]), physicianGlobal: 1, patientGlobal: 2, haq: 0.5, extramuscular: 0 }),
    ];
    const [base, follow] = visitResponses(visits, [ck(1, '2024-01-05', 4000), ck(2, '2024-07-12', 180)]).responses;
    expect(base?.tis).toBeNull();
    // Every measure improves by more than its top band: 20 + 10 + 32.5 + 10 + 7.5 + 20.
    expect(follow?.tis?.score).toBe(100);
    expect(follow?.tis?.category).toBe('major');
    expect(follow?.tis?.provisional).toBe(true);
  });

  it('a missing measure makes the score incomplete, never a silent zero', () => {
    const r = visitResponses([visit(1, '2024-01-10'), visit(2, '2024-06-10', { haq: null })], [ck(1, '2024-01-10', 900), ck(2, '2024-06-10', 300)]).responses;
    expect(r[1]?.tis?.complete).toBe(false);
    expect(r[1]?.tis?.score).toBeNull();
    expect(r[1]?.tis?.missing).toEqual(['haq']);
  });

  it('no enzyme within 30 days of a visit means the enzyme measure is missing', () => {
    const r = visitResponses([visit(1, '2024-01-10'), visit(2, '2024-06-10')], [ck(1, '2024-01-10', 900), ck(2, '2024-05-01', 300)]).responses;
    expect(r[1]?.tis?.missing).toEqual(['enzyme']);
  });

  it('CK unchanged at 2000 U/L while the lab doubled its limit (200 -> 400 U/L) scores no enzyme improvement, and says the range changed', () => {
    const r = visitResponses([visit(1, '2024-01-10'), visit(2, '2024-06-10')], [ck(1, '2024-01-10', 2000), { ...ck(2, '2024-06-10', 2000), upperLimitUL: 400 }]).responses;
    expect(r[1]?.tis).toMatchObject({ score: 0, points: { enzyme: 0 }, percentChange: { enzyme: 0 }, enzymeRangeChange: { enzyme: 'CK', fromUpperLimit: 200, toUpperLimit: 400 } });
  });

  it('CK falling from 2000 to 1000 U/L is a 50% improvement (7.5 points); the same range is not flagged', () => {
    const r = visitResponses([visit(1, '2024-01-10'), visit(2, '2024-06-10')], [ck(1, '2024-01-10', 2000), ck(2, '2024-06-10', 1000)]).responses;
    expect(r[1]?.tis).toMatchObject({ score: 7.5, points: { enzyme: 7.5 }, percentChange: { enzyme: 50 }, enzymeRangeChange: null });
  });

  it('follows the enzyme that was most abnormal at baseline', () => {
    // Baseline: aldolase 3x ULN beats CK 2x ULN; follow-up CK normalizes but aldolase does not move.
    const enzymes = [ck(1, '2024-01-10', 400), { ...ck(2, '2024-01-10', 600, 'aldolase') }, ck(3, '2024-06-10', 100), { ...ck(4, '2024-06-10', 600, 'aldolase') }];
    const r = visitResponses([visit(1, '2024-01-10'), visit(2, '2024-06-10')], enzymes).responses;
    expect(r[1]?.tis?.points.enzyme).toBe(0);
  });

  it('a chosen baseline visit is respected, earlier visits get no score, entered-in-error visits are skipped', () => {
    const visits = [visit(1, '2023-01-01'), visit(2, '2023-06-01', { enteredInError: true }), visit(3, '2024-01-01'), visit(4, '2024-06-01')];
    const { baselineVisitId, responses: r } = visitResponses(visits, [], 3);
    expect(baselineVisitId).toBe(3);
    expect(r.map((x) => x.visitId)).toEqual([1, 3, 4]);
    expect(r[0]?.tis).toBeNull();
    expect(r[1]?.tis).toBeNull();
    expect(r[2]?.tis).not.toBeNull();
  });
});

describe('two results of the followed enzyme on one day', () => {
  it('the more abnormal counts, whichever was entered first: CK 2000 and 1000 U/L at baseline, 1200 at follow-up', () => {
    const visits = [visit(1, '2024-01-01'), visit(2, '2024-06-01', { physicianGlobal: 4 })];
    const enzymes = [ck(1, '2024-01-01', 2000), ck(2, '2024-01-01', 1000), ck(3, '2024-06-01', 1200)];
    const a = visitResponses(visits, enzymes).responses[1]?.tis;
    const b = visitResponses(visits, [enzymes[1]!, enzymes[0]!, enzymes[2]!]).responses[1]?.tis;
    expect(a?.percentChange.enzyme).toBe(40);
    expect(b?.percentChange.enzyme).toBe(40);
    expect(a?.score).toBe(b?.score);
  });
});
