/**
 * A CSV round trip (issue 17, "Tests and proof"): patient A's lab results, exported as
 * the timeline's flowsheet CSV, mapped to a lab-result CSV (lib/import/flowsheet-to-lab-csv.ts)
 * in either number format and separator, imported for patient B, give B a flowsheet
 * identical to A's: the same values, units, limits, assays and classes. Undeclared,
 * the import either refuses the file (a value that reads two ways) or imports the
 * same values, never others. Real SQLite, the DAL's own export and import.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { assays } from '@/db/schema';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { createAssay } from '@/lib/dal/assays';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { runLabImport } from '@/lib/dal/lab-import';
import { exportFlowsheetCsv } from '@/lib/dal/timeline-export';
import { UL_PER_UKAT_L } from '@/lib/domain/enzymes';
import type { Delimiter } from '@/lib/domain/csv';
import { ENZYME_ANALYTES } from '@/lib/domain/types';
import { formNumber } from '@/lib/validation/field-rules';
import { flowsheetToLabCsv } from '@/lib/import/flowsheet-to-lab-csv';
import type { DecimalMark } from '@/lib/import/number-format';
import { makeActor } from '../setup/actors';
import { ASSAY, daysAgo, newPatient } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor;
let titerAssay: number;
/** Stands for the titer assay created below, in generated results. */
const TITER = -1;

beforeAll(async () => {
  db = useTempDatabase();
  const admin = await makeActor('admin');
  physician = await makeActor('physician');
  // A dilution titer assay without a lab (label = its name), beside the starter catalog.
  titerAssay = createAssay(admin, { name: 'Mi-2α IIF titer', analyte: 'mi2-alpha', method: 'iif', kit: '', lab: '', unit: '{titer}', cutoff: '40', positiveFrom: '80', strongAbove: '640', loinc: '' }).id;
});
afterAll(() => db.dispose());

/**
 * A number with at most `digits` decimals, as the flowsheet displays it (its display
 * precision); mostly whole numbers, since "12,500" and "1.250" are where the
 * two conventions part.
 */
const shown = (min: number, max: number, digits: number) => fc.oneof(
  { arbitrary: fc.integer({ min: Math.ceil(min), max }), weight: 3 },
  { arbitrary: fc.integer({ min: min * 10 ** digits, max: max * 10 ** digits }).map((n) => n / 10 ** digits), weight: 1 },
);

// One anti-Mi2 result per analyte and day (the flowsheet names an assay only where it changes).
const antibody = fc.record({
  day: fc.integer({ min: 1, max: 400 }),
  assay: fc.constantFrom<number>(ASSAY.betaBlot, ASSAY.betaImmunoblotB, ASSAY.alphaBlot, ASSAY.elisa, ASSAY.ip, TITER),
  value: shown(0, 2000, 3),
  comparator: fc.constantFrom('', '', '<', '>'),
  category: fc.constantFrom('', '', '', 'negative', 'positive', 'strong'),
});
const enzyme = fc.record({
  day: fc.integer({ min: 1, max: 400 }),
  analyte: fc.constantFrom(...ENZYME_ANALYTES),
  ukat: fc.boolean(),
  value: shown(1, 4000, 1), // from 1 U/L: in µkat/L (3 decimals) still above the smallest amount stored (0.01)
  lower: fc.option(shown(1, 30, 1), { nil: null }),
  upper: shown(40, 400, 1),
// The flowsheet shows limits in U/L to one decimal: a value within that rounding of a limit could
// change its flag on the way back (1.98 U/L against a limit shown as 2). Not what this test is about.
}).filter((e) => [e.lower, e.upper].every((l) => l === null || Math.abs(e.value - l) >= 1));
type AntibodySample = (typeof antibody) extends fc.Arbitrary<infer T> ? T : never;
type EnzymeSample = (typeof enzyme) extends fc.Arbitrary<infer T> ? T : never;
const analyteOf = (assay: number) => (assay === ASSAY.alphaBlot || assay === TITER ? 'mi2-alpha' : assay === ASSAY.elisa || assay === ASSAY.ip ? 'mi2' : 'mi2-beta');

/** Records the results for a new patient, through the entry DAL, and returns the patient's id. */
function patientWith(abs: AntibodySample[], ezs: EnzymeSample[]): number {
  const id = newPatient(physician, { sex: 'male', birthDate: '1960-01-01' });
  for (const a of abs) {
    const assayId = a.assay === TITER ? titerAssay : a.assay;
    // A category alone: always for the immunoprecipitation, else for some results with a category drawn.
    if (assayId === ASSAY.ip || (a.category !== '' && a.value > 1000)) {
      recordAntibodyResult(physician, id, { assayId, collectedOn: daysAgo(a.day), value: '', qualitative: a.category || 'positive', allowDuplicate: 'on', allowImplausible: 'on' });
      continue;
    }
    const value = assayId === titerAssay ? 10 * 2 ** (Math.round(a.value) % 9) : a.value; // dilutions 1:10 to 1:2560
    // Random values include implausible ones and same-day pairs: confirmed, as a user would. Typed as a
    // form takes them: "12.125" (two readings) as 12.1250 (formNumber).
    recordAntibodyResult(physician, id, { assayId, collectedOn: daysAgo(a.day), value: formNumber(value), comparator: a.comparator, allowDuplicate: 'on', allowImplausible: 'on' });
  }
  for (const e of ezs) {
    // ukat/L values and limits to 3 decimals (the flowsheet's precision for them), U/L to 1.
    const reported = (ul: number) => (e.ukat ? Math.round((ul / UL_PER_UKAT_L) * 1000) / 1000 : ul);
    recordEnzymeResult(physician, id, {
      analyte: e.analyte, collectedOn: daysAgo(e.day), value: formNumber(reported(e.value)), unit: e.ukat ? 'ukat/L' : 'U/L',
      lowerLimit: formNumber(e.lower === null ? null : reported(e.lower)), upperLimit: formNumber(reported(e.upper)), allowDuplicate: true, allowImplausible: 'on',
    });
  }
  return id;
}

const mrnOf = (id: number) => (getDb().$client.prepare('SELECT mrn FROM patients WHERE id = ?').get(id) as { mrn: string }).mrn;
const flowsheet = (id: number) => exportFlowsheetCsv(physician, id, {}).csv;
const catalog = () => getDb().select({ name: assays.name, lab: assays.lab }).from(assays).all();

const results = fc.tuple(
  fc.uniqueArray(antibody, { maxLength: 4, selector: (a) => `${analyteOf(a.assay)}|${a.day}` }),
  // Distinct values in U/L per enzyme and day: the import skips a repeat of the same value as a duplicate.
  fc.uniqueArray(enzyme, { maxLength: 4, selector: (e) => `${e.analyte}|${e.day}|${e.ukat ? Math.round((e.value / UL_PER_UKAT_L) * 1000) * 60 : Math.round(e.value * 1000)}` }),
).filter(([a, e]) => a.length + e.length > 0);
const format = fc.record({ decimal: fc.constantFrom<DecimalMark>('point', 'comma'), grouping: fc.boolean(), delimiter: fc.constantFrom<Delimiter>(',', ';', '\t') });

describe('flowsheet export -> lab CSV -> import', { timeout: 120_000 }, () => {
  it('declared in the format it was written in, the import gives another patient the same flowsheet', () => {
    fc.assert(fc.property(results, format, ([abs, ezs], f) => {
      const a = patientWith(abs, ezs);
      const b = newPatient(physician, { sex: 'male', birthDate: '1960-01-01' });
      const mapped = flowsheetToLabCsv(`\uFEFF${flowsheet(a)}`, { mrn: mrnOf(b), assays: catalog(), ...f });
      expect(mapped.ok && mapped.rows).toBe(abs.length + ezs.length);
      if (!mapped.ok) return;
      const report = runLabImport(physician, mapped.csv, { decimal: f.decimal, acceptWarnings: true });
      expect(report.rows.filter((r) => r.status !== 'ok')).toEqual([]);
      expect(report.counts.created).toBe(abs.length + ezs.length);
      expect(flowsheet(b)).toBe(flowsheet(a));
    }), { numRuns: 25 });
  });

  it('undeclared, the import refuses the file or imports the same values, never others', () => {
    fc.assert(fc.property(results, format, ([abs, ezs], f) => {
      const a = patientWith(abs, ezs);
      const b = newPatient(physician, { sex: 'male', birthDate: '1960-01-01' });
      const mapped = flowsheetToLabCsv(flowsheet(a), { mrn: mrnOf(b), assays: catalog(), ...f });
      if (!mapped.ok) throw new Error(mapped.problems.join('; '));
      const before = tableCounts();
      const report = runLabImport(physician, mapped.csv, { acceptWarnings: true });
      if (report.outcome === 'rejected') {
        expect(tableCounts()).toEqual(before);
        expect(report.rows.some((r) => r.problems.some((p) => /number format|could be/.test(p.message)))).toBe(true);
      } else {
        expect(flowsheet(b)).toBe(flowsheet(a));
      }
    }), {
      numRuns: 40,
      // Always tried: the CK of issue 17, 1250 U/L written "1,250" (and 2.5 ukat/L written "2,5" beside it).
      examples: [
        [[[], [{ day: 3, analyte: 'ck', ukat: false, value: 1250, lower: null, upper: 170 }]], { decimal: 'point', grouping: true, delimiter: ',' }],
        [[[], [{ day: 3, analyte: 'ck', ukat: false, value: 1250, lower: null, upper: 170 }, { day: 4, analyte: 'ck', ukat: true, value: 150, lower: null, upper: 170 }]], { decimal: 'comma', grouping: true, delimiter: '\t' }],
      ],
    });
  });
});

describe('flowsheet mapping', () => {
  it('writes one import row per result, in the format asked for, and names the rows that are not lab results', () => {
    const csv = 'Measure,2025-01-02,2025-02-03\r\nAnti-Mi-2β,38 units · 7.6× · Positive,<5 units · Negative\r\nAnti-Mi-2β assay,"Mi-2β line blot, Reference lab A",\r\n'
      + 'CK,12500 U/L H / 1.2 ukat/L (72 U/L),350 U/L H\r\nCK reference,≤ 207 U/L / 30–207 U/L,39–308 U/L\r\nMMT-8 total,,140/150\r\n';
    const mapped = flowsheetToLabCsv(csv, { mrn: 'MRN-9', assays: [{ name: 'Mi-2β line blot', lab: 'Reference lab A' }], decimal: 'comma', delimiter: ';', grouping: true });
    expect(mapped).toEqual({
      ok: true, rows: 5, skipped: ['MMT-8 total'],
      csv: 'mrn;collected_on;test;value;comparator;qualitative;unit;reference_low;reference_high;assay;lab\r\n'
        + 'MRN-9;2025-01-02;mi2-beta;38;;;units;;;Mi-2β line blot;Reference lab A\r\n'
        + 'MRN-9;2025-01-02;ck;12.500;;;U/L;;207;;\r\n'
        + 'MRN-9;2025-01-02;ck;1,2;;;ukat/L;0,5;3,45;;\r\n'
        + 'MRN-9;2025-02-03;mi2-beta;5;<;;units;;;Mi-2β line blot;Reference lab A\r\n'
        + 'MRN-9;2025-02-03;ck;350;;;U/L;39;308;;\r\n',
    });
  });
  it('refuses what it cannot read back, naming the date', () => {
    expect(flowsheetToLabCsv('Date,2025-01-02\r\n', { mrn: 'M', assays: [] })).toEqual({ ok: false, problems: ['This is not a flowsheet export: its first column must be "Measure".'] });
    const unknownAssay = flowsheetToLabCsv('Measure,2025-01-02\r\nAnti-Mi-2,12 AU/mL\r\nAnti-Mi-2 assay,Gone ELISA\r\n', { mrn: 'M', assays: [] });
    expect(unknownAssay).toEqual({ ok: false, problems: ['2025-01-02: assay "Gone ELISA" is not in the catalog.', '2025-01-02: "12 AU/mL" is not an anti-Mi-2 result with a known assay.'] });
    expect(flowsheetToLabCsv('Measure,2025-01-02\r\nCK,lots\r\nCK reference,≤ 200 U/L\r\n', { mrn: 'M', assays: [] })).toEqual({ ok: false, problems: ['2025-01-02: "lots" is not a CK result with its reference range.'] });
  });
});
