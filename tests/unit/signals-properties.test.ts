import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/domain/dates';
import { computeSignals, DEFAULT_SIGNAL_SETTINGS, type SignalInput } from '@/lib/domain/signals';
import { ANALYTES, QUALITATIVE_CATEGORIES, type Analyte, type AntibodyResult, type QualitativeCategory } from '@/lib/domain/types';
import { ck, has, med, mmtVisit, partialMmtVisit, titer } from './signals-fixtures';

const START = '2022-01-01';
/** A small pool of dates so that same-day ties (broken by id) are common. */
const day = fc.integer({ min: 0, max: 40 }).map((n) => addDays(START, n * 30));

interface AntibodyRow {
  date: string;
  analyte: Analyte;
  assayId: number;
  value: number | null;
  qualitative: QualitativeCategory | null;
  censored: boolean;
  inError: boolean;
}

const antibody: fc.Arbitrary<AntibodyRow> = fc.record({
  date: day,
  analyte: fc.constantFrom<Analyte>(...ANALYTES, 'mi2-beta', 'mi2-beta'),
  assayId: fc.constantFrom(1, 1, 2),
  value: fc.oneof(fc.integer({ min: 0, max: 80 }), fc.constant(null)),
  qualitative: fc.constantFrom<QualitativeCategory | null>(...QUALITATIVE_CATEGORIES, null),
  censored: fc.boolean(),
  inError: fc.boolean(),
});

/** Ids follow generation order; about one row in six is entered in error. */
function toResults(rows: readonly AntibodyRow[]): AntibodyResult[] {
  return rows.map((r, i) =>
    titer(i + 1, r.date, r.value, {
      analyte: r.analyte,
      assayId: r.assayId,
      assayLabel: `Assay ${r.assayId}`,
      comparator: r.censored && r.value !== null ? '<' : null,
      qualitative: r.value === null ? r.qualitative : null,
      enteredInError: r.inError && i % 3 === 0,
    }),
  );
}

const chart: fc.Arbitrary<SignalInput> = fc
  .record({
    antibodies: fc.array(antibody, { maxLength: 10 }),
    cks: fc.array(fc.record({ date: day, value: fc.integer({ min: 50, max: 400 }), inError: fc.boolean() }), { maxLength: 4 }),
    visits: fc.array(fc.record({ date: day, total: fc.integer({ min: 60, max: 80 }), partial: fc.boolean() }), { maxLength: 3 }),
    meds: fc.array(fc.record({ start: day, end: fc.option(day), immuno: fc.boolean() }), { maxLength: 3 }),
    hasPositiveHistory: fc.boolean(),
  })
  .map((c) => ({
    antibodyResults: toResults(c.antibodies),
    enzymeResults: c.cks.map((e, i) => ck(i + 1, e.date, e.value, 200, { enteredInError: e.inError && i === 0 })),
    visits: c.visits.map((v, i) => (v.partial ? partialMmtVisit(i + 1, v.date) : mmtVisit(i + 1, v.date, v.total))),
    medications: c.meds.map((m, i) => med(i + 1, m.start, m.end !== null && m.end >= m.start ? m.end : null, { immunosuppressant: m.immuno })),
    hasPositiveHistory: c.hasPositiveHistory,
  }));

const asOfArb = fc.integer({ min: 0, max: 1300 }).map((n) => addDays(START, n));
const settings = DEFAULT_SIGNAL_SETTINGS;

function shuffled<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });
}

/** Results dated before 2023, so they never follow the normalization below. */
const earlyAntibody = antibody.map((r) => ({ ...r, date: r.date < '2023-01-01' ? r.date : addDays(START, 30) }));

/**
 * A chart that often reaches taper-discussion (positive, two negatives, CK, MMT-8,
 * maybe a drug) with an as-of date shortly after it, so the implication below is
 * not only checked on charts where it holds vacuously.
 */
const nearQuiet: fc.Arbitrary<{ chart: SignalInput; asOf: string }> = fc
  .record({
    span: fc.integer({ min: 60, max: 150 }),
    ckValue: fc.integer({ min: 150, max: 230 }),
    total: fc.integer({ min: 74, max: 80 }),
    onDrug: fc.boolean(),
    extra: fc.array(earlyAntibody, { maxLength: 3 }),
    wait: fc.integer({ min: 0, max: 240 }),
  })
  .map((q) => {
    const lastNegative = addDays('2023-06-01', q.span);
    const chart: SignalInput = {
      antibodyResults: [titer(101, '2023-01-01', 40), titer(102, '2023-06-01', 4), titer(103, lastNegative, 3), ...toResults(q.extra)],
      enzymeResults: [ck(1, lastNegative, q.ckValue)],
      visits: [mmtVisit(1, lastNegative, q.total)],
      medications: q.onDrug ? [med(1, '2023-01-01', null)] : [],
    };
    return { chart, asOf: addDays(lastNegative, q.wait) };
  });

const anyChart = fc.oneof(fc.record({ chart, asOf: asOfArb }), nearQuiet);

describe('signal engine properties', () => {
  it('is independent of input order', () => {
    const permuted = chart.chain((c) =>
      fc.record({
        original: fc.constant(c),
        antibodyResults: shuffled(c.antibodyResults),
        enzymeResults: shuffled(c.enzymeResults),
        visits: shuffled(c.visits),
        medications: shuffled(c.medications),
      }),
    );
    fc.assert(
      fc.property(permuted, asOfArb, ({ original, ...lists }, asOf) => {
        const shuffledChart: SignalInput = { ...lists, hasPositiveHistory: original.hasPositiveHistory };
        expect(computeSignals(shuffledChart, asOf, settings)).toEqual(computeSignals(original, asOf, settings));
      }),
      { numRuns: 300 },
    );
  });

  it('taper-discussion implies normalization-sustained and clinical-quiescence (and fires in some charts)', () => {
    let tapers = 0;
    fc.assert(
      fc.property(anyChart, ({ chart: c, asOf }) => {
        const signals = computeSignals(c, asOf, settings);
        if (!has(signals, 'taper-discussion')) return;
        tapers += 1;
        expect(has(signals, 'normalization-sustained')).toBe(true);
        expect(has(signals, 'clinical-quiescence')).toBe(true);
        expect(signals[0]?.code).toBe('taper-discussion');
      }),
      { numRuns: 400 },
    );
    expect(tapers).toBeGreaterThan(0);
  });

  it('a later positive result clears titer-normalized and normalization-sustained for that analyte', () => {
    let cleared = 0;
    fc.assert(
      fc.property(
        anyChart,
        fc.constantFrom<Analyte>(...ANALYTES),
        fc.integer({ min: 11, max: 90 }),
        fc.integer({ min: 1, max: 60 }),
        ({ chart: c }, analyte, value, gap) => {
          const last = c.antibodyResults.map((r) => r.collectedOn).reduce((a, b) => (b > a ? b : a), START);
          const date = addDays(last, gap);
          const asOf = addDays(date, 10);
          const before = computeSignals(c, asOf, settings);
          const positive = titer(999, date, value, { analyte });
          const after = computeSignals({ ...c, antibodyResults: [...c.antibodyResults, positive] }, asOf, settings);
          if (has(before, 'titer-normalized', analyte)) cleared += 1;
          expect(has(after, 'titer-normalized', analyte)).toBe(false);
          expect(has(after, 'normalization-sustained', analyte)).toBe(false);
          expect(has(after, 'taper-discussion') && !has(before, 'taper-discussion')).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
    expect(cleared).toBeGreaterThan(0);
  });
});
