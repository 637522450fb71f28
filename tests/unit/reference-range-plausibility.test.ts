/**
 * Issue 17, items 4-6 as pure functions: the range an empty entry takes
 * (lib/domain/reference-range.ts), the lab category against the cut-off
 * (lib/domain/antibody.ts) and the plausibility warnings (lib/domain/plausibility.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labCategoryDiffers, validateMeasuringRange } from '@/lib/domain/antibody';
import { ENZYME, toUL } from '@/lib/domain/enzymes';
import { antibodyWarnings, enzymeWarnings, TITER_CONFIRM_TIMES_CUTOFF, visitWarnings } from '@/lib/domain/plausibility';
import { latestLabRange, rangeDefaults, rangeHint, resolveReferenceRange, type RangeHistoryRow } from '@/lib/domain/reference-range';
import { buildFlowsheet } from '@/lib/domain/timeline/flowsheet';
import { ENZYME_ANALYTES, type AntibodyResult, type QualitativeCategory } from '@/lib/domain/types';

const row = (over: Partial<RangeHistoryRow>): RangeHistoryRow => ({
  id: 1, analyte: 'ck', collectedOn: '2026-03-02', lowerLimitUL: 39, upperLimitUL: 308, rangeSource: 'lab', enteredInError: false, ...over,
});

describe('reference range of an empty entry (item 4)', () => {
  const history = [
    row({ id: 1, collectedOn: '2025-01-01', lowerLimitUL: 30, upperLimitUL: 200 }),
    row({ id: 2, collectedOn: '2026-03-02' }),
    row({ id: 3, collectedOn: '2026-05-01', upperLimitUL: 500, enteredInError: true }),
    row({ id: 4, collectedOn: '2026-06-01', upperLimitUL: 207, lowerLimitUL: null, rangeSource: 'site-default' }),
    row({ id: 5, collectedOn: '2026-07-01', upperLimitUL: 170, analyte: 'ldh' }),
  ];
  it("takes this patient's latest valid lab range of the analyte, never a fallback or a row in error", () => {
    expect(latestLabRange(history, 'ck')).toEqual({ collectedOn: '2026-03-02', lowerUL: 39, upperUL: 308 });
    expect(latestLabRange(history, 'alt')).toBeNull();
    expect(resolveReferenceRange(null, null, latestLabRange(history, 'ck'), 'ck', 'male')).toEqual({ lowerUL: 39, upperUL: 308, source: 'patient' });
  });
  it('else the site default for the sex; a typed upper limit is the lab\'s; a typed lower limit alone keeps the fallback\'s upper', () => {
    expect(resolveReferenceRange(null, null, null, 'ck', 'female')).toEqual({ lowerUL: null, upperUL: 207, source: 'site-default' });
    expect(resolveReferenceRange(null, null, null, 'ck', 'unknown')).toEqual({ lowerUL: null, upperUL: 207, source: 'site-default' });
    expect(resolveReferenceRange(20, 250, latestLabRange(history, 'ck'), 'ck', 'female')).toEqual({ lowerUL: 20, upperUL: 250, source: 'lab' });
    expect(resolveReferenceRange(20, null, latestLabRange(history, 'ck'), 'ck', 'female')).toEqual({ lowerUL: 20, upperUL: 308, source: 'patient' });
  });
  it('says in the hint which range will be used', () => {
    const d = rangeDefaults(history, 'female');
    expect(rangeHint('ck', d.ck)).toBe("Left empty, the range of this patient's CK on 2026-03-02 (39-308 U/L) will be used.");
    expect(rangeHint('alt', d.alt)).toBe('Left empty, the site default ALT range for women (33 U/L) will be used.');
    expect(rangeHint('ldh', d.ldh)).toBe("Left empty, the range of this patient's LDH on 2026-07-01 (39-170 U/L) will be used.");
    expect(rangeHint('ck', rangeDefaults([], 'other').ck)).toContain('site default CK range for women (207 U/L; the lower of the women\'s and men\'s');
    expect(Object.keys(d).sort()).toEqual([...ENZYME_ANALYTES].sort());
  });
  it('property: the latest is the lab range with the greatest (date, id) among live lab rows of the analyte', () => {
    const arb = fc.array(fc.record({
      id: fc.integer({ min: 1, max: 1000 }), analyte: fc.constantFrom(...ENZYME_ANALYTES), collectedOn: fc.constantFrom('2024-01-01', '2025-06-30', '2026-01-01'),
      lowerLimitUL: fc.constantFrom(null, 10), upperLimitUL: fc.integer({ min: 1, max: 500 }), rangeSource: fc.constantFrom('lab' as const, 'patient' as const, 'site-default' as const), enteredInError: fc.boolean(),
    }), { maxLength: 30 });
    fc.assert(fc.property(arb, (rows) => {
      const got = latestLabRange(rows, 'ck');
      const candidates = rows.filter((r) => r.analyte === 'ck' && r.rangeSource === 'lab' && !r.enteredInError);
      if (!candidates.length) {
        expect(got).toBeNull();
        return;
      }
      const best = candidates.reduce((a, b) => (b.collectedOn > a.collectedOn || (b.collectedOn === a.collectedOn && b.id > a.id) ? b : a));
      expect(got).toEqual({ collectedOn: best.collectedOn, lowerUL: best.lowerLimitUL, upperUL: best.upperLimitUL });
    }));
  });
});

const titer = (value: number | null, qualitative: QualitativeCategory | null, over: Partial<AntibodyResult> = {}) => ({
  assayId: 2, collectedOn: '2026-03-02', value, comparator: null as '<' | '>' | null, qualitative, cutoff: 5, positiveFrom: 11, strongAbove: 50, unit: 'units', ...over,
});

describe('lab category against cut-off (item 5)', () => {
  it.each([
    [12, 'negative', true], [3, 'positive', true], [12, 'positive', false], [60, 'positive', false], [60, 'strong', false], [3, 'negative', false],
    [8, 'negative', true], [8, 'positive', true], [8, 'borderline', false], [12, null, false], [null, 'negative', false],
  ] as const)('value %s reported %s differs: %s', (value, q, differs) => expect(labCategoryDiffers(titer(value, q))).toBe(differs));
  it('a censored value that cannot be classified never differs', () => {
    expect(labCategoryDiffers(titer(10, 'negative', { comparator: '<' }))).toBe(false);
    expect(labCategoryDiffers(titer(5, 'positive', { comparator: '<' }))).toBe(true);
  });
  it('the flowsheet cell says it, in the text the CSV carries too', () => {
    const r: AntibodyResult = { ...titer(12, 'negative'), id: 1, analyte: 'mi2-beta', assayLabel: 'Mi-2β line blot', enteredInError: false };
    const cell = buildFlowsheet([r], [], [], []).rows[0]!.cells['2026-03-02']!;
    expect(cell.text).toBe('12 units · 2.4× · Positive (lab: Negative ≠ cut-off)');
    expect(cell.title).toContain('Lab category differs from cut-off: the lab reported Negative.');
    expect(buildFlowsheet([{ ...r, qualitative: 'positive' }], [], [], []).rows[0]!.cells['2026-03-02']!.text).not.toContain('lab:');
  });
});

describe('plausibility warnings (item 6)', () => {
  it('a titer above the measuring range, else above 100 times the cut-off', () => {
    expect(antibodyWarnings(titer(1500, null), { measuringMax: null })).toEqual(['1500 units is 300 times the cut-off (5): check the value.']);
    expect(antibodyWarnings(titer(500, null), { measuringMax: null })).toEqual([]);
    expect(antibodyWarnings(titer(TITER_CONFIRM_TIMES_CUTOFF * 5 + 1, null), { measuringMax: null })).toHaveLength(1);
    expect(antibodyWarnings(titer(300, null), { measuringMax: 200 })).toEqual(["300 units is above the assay's measuring range (up to 200 units): check the value."]);
    expect(antibodyWarnings(titer(1500, null), { measuringMax: 2000 })).toEqual([]);
    expect(antibodyWarnings(titer(300, null, { comparator: '<' }), { measuringMax: 200 })).toEqual([]);
    expect(antibodyWarnings(titer(300, null, { comparator: '>' }), { measuringMax: 200 })).toHaveLength(1);
  });
  it('another value of the same assay that day; an equal one or another assay\'s is not', () => {
    const same = { assayId: 2, value: 30, comparator: null, qualitative: null, unit: 'units' };
    expect(antibodyWarnings(titer(45, null), { measuringMax: null }, [same])).toEqual(['Another result of this assay on 2026-03-02 reads 30 units; this one reads 45 units. Both will be kept.']);
    expect(antibodyWarnings(titer(30, null), { measuringMax: null }, [same])).toEqual([]);
    expect(antibodyWarnings(titer(45, null), { measuringMax: null }, [{ ...same, assayId: 3 }])).toEqual([]);
  });
  it('an enzyme above its "confirm above" limit, and a µkat/L value that looks like U/L (410 µkat/L = 24,600 U/L)', () => {
    const e = (value: number, unit: 'U/L' | 'ukat/L', analyte: 'ck' | 'alt' = 'ck') => ({ analyte, collectedOn: '2026-03-02', value, unit, valueUL: toUL(value, unit) });
    expect(enzymeWarnings(e(410, 'ukat/L'))).toEqual(['CK 410 µkat/L is 24,600 U/L: if the report says 410 U/L, choose U/L as the unit.']);
    expect(enzymeWarnings(e(6.2, 'ukat/L'))).toEqual([]);
    expect(enzymeWarnings(e(60_000, 'U/L'))).toEqual(['CK 60,000 U/L is above 50,000 U/L, which is rarely seen: check the value and its unit.']);
    expect(enzymeWarnings(e(24_600, 'U/L'))).toEqual([]);
    expect(enzymeWarnings(e(41, 'ukat/L', 'alt'))).toHaveLength(1);
    expect(enzymeWarnings(e(410, 'U/L'), [{ value: 350, unit: 'U/L', valueUL: 350 }])).toEqual(['Another CK on 2026-03-02 reads 350 U/L; this one reads 410 U/L. Both will be kept.']);
    expect(enzymeWarnings(e(2, 'ukat/L'), [{ value: 120, unit: 'U/L', valueUL: 120 }])).toEqual([]);
  });
  it('every enzyme asks before its hard maximum refuses, and asks for µkat/L slips earlier than for U/L', () => {
    for (const a of ENZYME_ANALYTES) {
      const info = ENZYME[a];
      expect(info.ukatConfirmAboveUL).toBeLessThanOrEqual(info.confirmAboveUL);
      expect(info.confirmAboveUL).toBeLessThan(info.maxPlausibleUL);
    }
  });
  it('two visits on one date', () => {
    expect(visitWarnings('2026-03-02', 0)).toEqual([]);
    expect(visitWarnings('2026-03-02', 1)).toEqual(['A visit on 2026-03-02 is already recorded: save only if this is a second visit that day.']);
  });
  it('a measuring range must end above the cut-off and reach the class limits', () => {
    const limits = { cutoff: 5, positiveFrom: 11, strongAbove: 50 };
    expect(validateMeasuringRange(limits, null)).toEqual([]);
    expect(validateMeasuringRange(limits, 255)).toEqual([]);
    expect(validateMeasuringRange(limits, 5)).toEqual(['The measuring range must end above the cut-off (5).']);
    expect(validateMeasuringRange(limits, 40)).toEqual(['The measuring range must reach the positive and strong-positive limits (50).']);
    expect(validateMeasuringRange(limits, Number.POSITIVE_INFINITY)).toHaveLength(1);
  });
});
