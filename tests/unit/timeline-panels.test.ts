import { describe, expect, it } from 'vitest';
import { buildEnzymePanel } from '@/lib/domain/timeline/enzyme-series';
import { buildMmtPanel } from '@/lib/domain/timeline/mmt-series';
import { buildMedicationPanel } from '@/lib/domain/timeline/medication-bars';
import { DAY_MS, dayMs } from '@/lib/domain/timeline/time';
import { ck, med, mmtVisit, partialMmtVisit } from './signals-fixtures';

const none = new Set<number>();

describe('enzyme panel (docs/clinical/enzymes.md)', () => {
  it('plots CK in U/L with each result\'s own limits and flag', () => {
    const p = buildEnzymePanel([ck(1, '2024-01-01', 850, 207), ck(2, '2024-02-01', 150, 395, { lowerLimitUL: 30 })], none);
    expect(p.ck?.points.map((x) => [x.y, x.upperUL, x.lowerUL, x.flag, x.reported, x.reference])).toEqual([
      [850, 207, null, 'high', '850 U/L', '≤ 207 U/L'],
      [150, 395, 30, 'normal', '150 U/L', '30–395 U/L'],
    ]);
    expect(p.ckYMin).toBe(10);
    expect(p.ckYMax).toBe(1000);
    expect(buildEnzymePanel([ck(1, '2024-01-01', 14200, 200)], none).ckYMax).toBe(20_000);
    expect(p.others).toEqual([]);
  });

  it('shows ukat/L as reported with the U/L equivalent', () => {
    const p = buildEnzymePanel([ck(1, '2024-01-01', 72, 200, { value: 1.2, unit: 'ukat/L' })], none);
    expect(p.ck?.points[0]?.reported).toBe('1.2 µkat/L (72 U/L)');
  });

  it('draws other enzymes in x ULN, and a zero at the floor', () => {
    const p = buildEnzymePanel([
      ck(1, '2024-01-01', 0, 200),
      { ...ck(2, '2024-01-01', 66, 33), analyte: 'alt' },
      { ...ck(3, '2024-01-01', 16.5, 33), analyte: 'alt', enteredInError: true },
    ], none);
    expect(p.ck?.points[0]).toMatchObject({ floor: true, y: p.ckYMin });
    expect(p.others.map((s) => [s.analyte, s.points.map((x) => x.y)])).toEqual([['alt', [2]]]);
    expect(p.othersYMax).toBe(5); // 2 x ULN plus headroom, on a 1-2-5 step
  });

  it('is empty without CK', () => {
    expect(buildEnzymePanel([], none)).toMatchObject({ ck: null, others: [] });
  });
});

describe('MMT panel (docs/clinical/strength.md)', () => {
  it('joins complete totals and marks partial exams in their own lane, never as a low total', () => {
    const p = buildMmtPanel([mmtVisit(1, '2024-01-01', 70), partialMmtVisit(2, '2024-03-01'), mmtVisit(3, '2024-06-01', 78)], none);
    expect(p.series).toHaveLength(1);
    expect(p.series[0]?.points.map((x) => [x.y, x.label])).toEqual([[70, '70/80'], [78, '78/80']]);
    expect(p.partial).toHaveLength(1);
    expect(p.partial[0]).toMatchObject({ total: null, y: p.partialLaneY, tested: 7, required: 8, label: 'partial: 7 of 8 tested' });
    expect(p.partialLaneY).toBeLessThan(0);
    expect(p.nearFull).toBe(76);
  });

  it('scales to 150 when a bilateral exam exists, and ignores visits without MMT', () => {
    const bilateral = { ...mmtVisit(2, '2024-02-01', 80), mmtVersion: 'bilateral' as const };
    const p = buildMmtPanel([mmtVisit(1, '2024-01-01', 80), bilateral, { ...mmtVisit(3, '2024-03-01', 80), mmtVersion: null }], none);
    expect(p.yMax).toBe(150);
    expect(p.series.map((s) => s.version)).toEqual(['unilateral']);
    expect(p.partial.map((x) => x.id)).toEqual([2]);
  });
});

describe('medication bars (docs/clinical/treatment.md)', () => {
  it('turns a taper into consecutive bars of falling intensity, and marks the stop', () => {
    const p = buildMedicationPanel([
      med(1, '2024-01-01', '2024-01-31', { dose: 40 }),
      med(2, '2024-02-01', '2024-02-29', { dose: 20, reason: 'tapered' }),
      med(3, '2024-03-01', '2024-03-31', { dose: 10, reason: 'tapered' }),
      med(4, '2024-01-15', null, { drug: 'methotrexate', drugClass: 'antimetabolite', dose: 15, frequency: 'weekly' }),
      med(5, '2023-01-01', '2023-02-01', { enteredInError: true }),
    ], '2024-06-30');
    expect(p.rows).toEqual(['Prednisone', 'Methotrexate']);
    expect(p.bars.map((b) => [b.id, b.doseLabel, b.intensity, b.stopped])).toEqual([
      [1, '40 mg', 1, false], [4, '15 mg', 1, false], [2, '20 mg', 0.5, false], [3, '10 mg', 0.25, true],
    ]);
    const first = p.bars[0];
    expect(first && (first.end - first.start) / DAY_MS).toBe(31); // end date inclusive
    const ongoing = p.bars.find((b) => b.id === 4);
    expect(ongoing?.end).toBe(dayMs('2024-07-01'));
    expect(p.bars.find((b) => b.id === 3)?.detail).toBe('Prednisone 10 mg oral daily, 2024-03-01 to 2024-03-31 (tapered)');
  });

  it('gives a one-day epoch a one-day bar and labels non-immunosuppressants', () => {
    const p = buildMedicationPanel([med(1, '2024-01-01', '2024-01-01', { drug: 'hydroxychloroquine', immunosuppressant: false })], '2024-06-30');
    expect(p.bars[0]?.end).toBe(dayMs('2024-01-02'));
    expect(p.bars[0]?.detail).toContain('not an immunosuppressant');
  });

  it('is empty without epochs', () => {
    expect(buildMedicationPanel([], '2024-01-01')).toEqual({ rows: [], bars: [] });
  });
});
