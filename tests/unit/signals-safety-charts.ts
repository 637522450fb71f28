/**
 * Random patient histories for the signal invariants (not a test file): four assays
 * (line blot, ELISA, dilution titer, qualitative), three analytes, five enzymes, complete
 * and partial exams, daily, weekly and pulse drugs, and dates from a small pool so that
 * same-day results are common.
 */
import fc from 'fast-check';
import { addDays } from '@/lib/domain/dates';
import { MMT_GROUP_KEYS } from '@/lib/domain/mmt';
import type { SignalInput } from '@/lib/domain/signals';
import { ANALYTES, type Analyte, type AntibodyResult, type EnzymeAnalyte, type MedicationEpoch, type QualitativeCategory, type Visit } from '@/lib/domain/types';
import { ck, med, titer } from './signals-fixtures';

export interface Chart {
  chart: SignalInput;
  asOf: string;
}

const START = '2021-01-01';
const day = fc.integer({ min: 0, max: 45 }).map((n) => addDays(START, n * 30));

const ASSAYS = {
  1: { assayId: 1, assayLabel: 'Line blot A', unit: 'units', cutoff: 5, positiveFrom: 11, strongAbove: 50 },
  2: { assayId: 2, assayLabel: 'ELISA B', unit: 'AU', cutoff: 20, positiveFrom: 20, strongAbove: 80 },
  3: { assayId: 3, assayLabel: 'IIF C', unit: '{titer}', cutoff: 80, positiveFrom: null, strongAbove: null, cutoffDilutionPositive: true },
  4: { assayId: 4, assayLabel: 'Immunoblot D', unit: '', cutoff: null, positiveFrom: null, strongAbove: null },
} as const;

const antibodyRow = fc.record({
  date: day,
  analyte: fc.constantFrom<Analyte>(...ANALYTES, 'mi2-beta', 'mi2-beta'),
  assay: fc.constantFrom<1 | 2 | 3 | 4>(1, 1, 1, 2, 3, 4),
  value: fc.integer({ min: 0, max: 120 }),
  dilution: fc.constantFrom(40, 80, 160, 320, 640, 1280),
  qualitative: fc.constantFrom<QualitativeCategory>('negative', 'negative', 'borderline', 'positive', 'strong'),
  censored: fc.constantFrom(false, false, false, true),
});
type AntibodyRow = typeof antibodyRow extends fc.Arbitrary<infer T> ? T : never;

function toResult(r: AntibodyRow, id: number): AntibodyResult {
  const assay = ASSAYS[r.assay];
  if (r.assay === 4) return titer(id, r.date, null, { ...assay, analyte: r.analyte, qualitative: r.qualitative });
  const value = r.assay === 3 ? r.dilution : r.value;
  return titer(id, r.date, value, { ...assay, analyte: r.analyte, comparator: r.censored ? '<' : null });
}

const ULN: Readonly<Record<EnzymeAnalyte, number>> = { ck: 200, aldolase: 7.6, ldh: 225, alt: 41, ast: 40 };
const enzymeRow = fc.record({
  date: day,
  analyte: fc.constantFrom<EnzymeAnalyte>('ck', 'ck', 'ck', 'aldolase', 'ldh', 'alt', 'ast'),
  times: fc.integer({ min: 30, max: 200 }),
});

/** Unilateral exam: `grades` from the first groups, the rest at 10 or untested. */
function exam(id: number, date: string, grades: readonly number[], untestedFrom: number | null): Visit {
  const mmtGrades: Record<string, number | null> = {};
  MMT_GROUP_KEYS.forEach((k, i) => {
    if (untestedFrom !== null && i >= untestedFrom) return;
    mmtGrades[k] = grades[i] ?? 10;
  });
  return { id, visitOn: date, mmtVersion: 'unilateral', mmtGrades, physicianGlobal: null, patientGlobal: null, haq: null, extramuscular: null, enteredInError: false };
}
const visitRow = fc.record({ date: day, grades: fc.array(fc.integer({ min: 2, max: 10 }), { maxLength: 4 }), untestedFrom: fc.option(fc.integer({ min: 1, max: 7 }), { freq: 3 }) });

const DRUGS = {
  prednisone: {},
  methotrexate: { drug: 'methotrexate', drugClass: 'antimetabolite', frequency: 'weekly', dose: 15 },
  rituximab: { drug: 'rituximab', drugClass: 'anti-cd20', route: 'iv', frequency: 'per course', dose: 1000 },
  hydroxychloroquine: { drug: 'hydroxychloroquine', drugClass: 'antimalarial', immunosuppressant: false, dose: 200 },
} as const satisfies Record<string, Partial<MedicationEpoch>>;
const medRow = fc.record({ start: day, length: fc.option(fc.integer({ min: 0, max: 500 }), { freq: 3 }), drug: fc.constantFrom<keyof typeof DRUGS>('prednisone', 'methotrexate', 'rituximab', 'hydroxychloroquine') });

function toMed(m: typeof medRow extends fc.Arbitrary<infer T> ? T : never, id: number): MedicationEpoch {
  const end = m.drug === 'rituximab' ? m.start : m.length === null ? null : addDays(m.start, m.length);
  return med(id, m.start, end, DRUGS[m.drug] as Partial<MedicationEpoch>);
}

const parts = fc.record({
  antibodies: fc.array(antibodyRow, { maxLength: 12 }),
  enzymes: fc.array(enzymeRow, { maxLength: 6 }),
  visits: fc.array(visitRow, { maxLength: 4 }),
  meds: fc.array(medRow, { maxLength: 3 }),
});

/** Any history, as of a day from 2022 to 2025. */
export const chartArb: fc.Arbitrary<Chart> = fc.record({ p: parts, asOf: fc.integer({ min: 365, max: 1825 }).map((n) => addDays(START, n)) }).map(({ p, asOf }) => ({
  asOf,
  chart: {
    antibodyResults: p.antibodies.map((r, i) => toResult(r, i + 1)),
    enzymeResults: p.enzymes.map((e, i) => ck(i + 1, e.date, (ULN[e.analyte] * e.times) / 100, ULN[e.analyte], { analyte: e.analyte })),
    visits: p.visits.map((v, i) => exam(i + 1, v.date, v.grades, v.untestedFrom)),
    medications: p.meds.map((m, i) => toMed(m, i + 1)),
  },
}));

/**
 * A history that often reaches the tapering signal: a positive line blot, two or three
 * negatives, recent enzymes and exam, a drug; then a few random rows on top, and an as-of
 * date up to 15 months later. Many of these are withheld for one reason or another.
 */
export const nearTaperArb: fc.Arbitrary<Chart> = fc
  .record({
    span: fc.integer({ min: 80, max: 200 }),
    third: fc.boolean(),
    ckTimes: fc.integer({ min: 50, max: 110 }),
    total: fc.integer({ min: 72, max: 80 }),
    drug: fc.constantFrom<keyof typeof DRUGS>('prednisone', 'methotrexate', 'rituximab', 'hydroxychloroquine'),
    extra: parts,
    extraCount: fc.integer({ min: 0, max: 3 }),
    wait: fc.integer({ min: 0, max: 450 }),
  })
  .map((q) => {
    const first = '2023-06-01';
    const last = addDays(first, q.span);
    const negatives = [titer(101, first, 4), ...(q.third ? [titer(102, addDays(first, 40), 3)] : []), titer(103, last, 2)];
    const base: SignalInput = {
      antibodyResults: [titer(100, '2022-12-01', 40), ...negatives],
      enzymeResults: [ck(100, last, (200 * q.ckTimes) / 100)],
      visits: [exam(100, last, [10 - (80 - q.total)], null)],
      medications: [toMed({ start: q.drug === 'rituximab' ? addDays(last, -60) : '2022-12-01', length: null, drug: q.drug }, 100)],
    };
    const n = q.extraCount;
    return {
      asOf: addDays(last, q.wait),
      chart: {
        antibodyResults: [...base.antibodyResults, ...q.extra.antibodies.slice(0, n).map((r, i) => toResult({ ...r, date: addDays(last, (i + 1) * 20 - 50) }, i + 1))],
        enzymeResults: [...base.enzymeResults, ...q.extra.enzymes.slice(0, n).map((e, i) => ck(i + 1, addDays(last, i * 15), (ULN[e.analyte] * e.times) / 100, ULN[e.analyte], { analyte: e.analyte }))],
        visits: [...base.visits, ...q.extra.visits.slice(0, n).map((v, i) => exam(i + 1, addDays(last, i * 10 - 10), v.grades, v.untestedFrom))],
        medications: [...base.medications, ...q.extra.meds.slice(0, n).map((m, i) => toMed(m, i + 1))],
      },
    };
  });
