/**
 * "12.500" typed in a form: a point before exactly three digits is a thousands
 * separator to a clinician who writes decimal commas, as "12,500" is to one who writes
 * decimal points. Every form field that takes a number refuses it naming both readings
 * (lib/validation/field-rules.ts, docs/decisions/0019-entry-rules.md), unless one
 * reading is outside the field's range (HAQ-DI "1.125" cannot be 1125). "0,125" and
 * "0.125" have one reading and are read. A stored number prefilled in a correction form
 * is written so that sending it back unchanged stores the same number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { correctAntibodyResult, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { createAssay } from '@/lib/dal/assays';
import { correctMedicationEpoch, startMedication } from '@/lib/dal/medications';
import { correctVisit, recordVisit } from '@/lib/dal/visits';
import { formNumber } from '@/lib/validation/field-rules';
import { epochFormValues } from '@/lib/validation/medications';
import { makeActor } from '../setup/actors';
import { abForm, appError, daysAgo, newPatient } from '../setup/dal-helpers';
import { tableCounts, useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let physician: Actor;
let nurse: Actor;
let admin: Actor;
beforeAll(async () => {
  db = useTempDatabase();
  [physician, nurse, admin] = await Promise.all([makeActor('physician'), makeActor('nurse'), makeActor('admin')]);
});
afterAll(() => db.dispose());

/** The field's messages when `fn` is refused, the database left as it was. */
async function refusedOn(field: string, fn: () => unknown): Promise<string[]> {
  const before = tableCounts();
  const e = await appError(fn);
  expect(e.code).toBe('invalid');
  expect(tableCounts()).toEqual(before);
  return e.fieldErrors[field] ?? [];
}

const methotrexate = (dose: string) => ({ drug: 'methotrexate', dose, doseUnit: 'mg', route: 'oral', frequency: 'weekly', startOn: daysAgo(100), startReason: 'started' });

describe('a point before three digits in a form is refused like a comma, naming both readings', () => {
  it('anti-Mi2 value and cut-off', async () => {
    const p = newPatient(physician);
    expect(await refusedOn('value', () => recordAntibodyResult(nurse, p, abForm(daysAgo(5), '1.500')))).toEqual([
      'Value "1.500" could mean 1.5 or 1500: write it without a thousands separator, with a decimal point (1.5 or 1500).',
    ]);
    expect(await refusedOn('cutoff', () => recordAntibodyResult(nurse, p, abForm(daysAgo(5), '30', { cutoff: '1.250' })))).toEqual([
      'Cut-off "1.250" could mean 1.25 or 1250: write it without a thousands separator, with a decimal point (1.25 or 1250).',
    ]);
  });

  it('a dose and the assay catalogue\'s limits', async () => {
    const p = newPatient(physician);
    expect((await refusedOn('dose', () => startMedication(physician, p, methotrexate('12.500'))))[0]).toContain('could mean 12.5 or 12500');
    const assay = { name: 'Mi-2β ELISA (kit Y)', analyte: 'mi2-beta', method: 'elisa', kit: 'Kit Y', lab: 'Lab D', unit: 'AU/mL', cutoff: '1.500', positiveFrom: '', strongAbove: '', loinc: '' };
    expect((await refusedOn('cutoff', () => createAssay(admin, assay)))[0]).toContain('Cut-off "1.500" could mean 1.5 or 1500');
    expect(createAssay(admin, { ...assay, cutoff: '1.5' }).cutoff).toBe(1.5);
  });

  it('a visit score whose thousands reading is out of range has one reading: HAQ-DI 1.125 is read; a VAS of "12.500" is out of range either way', async () => {
    const p = newPatient(physician);
    const v = recordVisit(physician, p, { visitOn: daysAgo(30), haq: '1.125', physicianGlobal: '2,500' });
    expect([v.haq, v.physicianGlobal]).toEqual([1.125, 2.5]);
    expect(await refusedOn('physicianGlobal', () => recordVisit(physician, p, { visitOn: daysAgo(20), physicianGlobal: '12.500' }))).toEqual([
      'Physician global activity must be a number from 0 to 10 cm (VAS).',
    ]);
  });
});

describe('numbers with one reading', () => {
  it('"0,125", "0.125" and "1.2340" are read', () => {
    const p = newPatient(physician);
    expect(recordAntibodyResult(nurse, p, abForm(daysAgo(9), '0,125', { cutoff: '0,5' }))).toMatchObject({ value: 0.125, cutoff: 0.5 });
    expect(recordAntibodyResult(nurse, p, abForm(daysAgo(8), '0.125'))).toMatchObject({ value: 0.125 });
    expect(recordAntibodyResult(nurse, p, abForm(daysAgo(7), '1.2340'))).toMatchObject({ value: 1.234 });
    expect(startMedication(physician, p, methotrexate('12.5')).dose).toBe(12.5);
  });
});

describe('a correction form sent back unchanged keeps the stored number', () => {
  it('an anti-Mi2 value of 1.234 (stored through the API or FHIR) is prefilled as 1.2340', () => {
    const p = newPatient(physician);
    const row = recordAntibodyResult(nurse, p, abForm(daysAgo(6), null, { value: 1.234, cutoff: 1.125 })); // JSON numbers, as the API sends them
    const prefill = { assayId: String(row.assayId), collectedOn: row.collectedOn, value: formNumber(row.value), cutoff: formNumber(row.cutoff), comparator: '', qualitative: '', accession: 'L-7' };
    expect([prefill.value, prefill.cutoff]).toEqual(['1.2340', '1.1250']);
    // Only the accession is edited: the numbers go back as prefilled and stay as stored.
    expect(correctAntibodyResult(nurse, p, row.id, prefill, 'accession added later')).toMatchObject({ value: 1.234, cutoff: 1.125, accession: 'L-7' });
  });

  it('a dose of 12.125 mg and a HAQ-DI of 2.375', () => {
    const p = newPatient(physician);
    const e = startMedication(physician, p, { ...methotrexate('12'), dose: 12.125 });
    expect(epochFormValues(e).dose).toBe('12.1250');
    expect(correctMedicationEpoch(physician, p, e.id, { ...epochFormValues(e), route: 'sc' }, 'route checked')).toMatchObject({ dose: 12.125, route: 'sc' });
    const v = recordVisit(physician, p, { visitOn: daysAgo(40), haq: 2.375 });
    expect(correctVisit(physician, p, v.id, { visitOn: v.visitOn, haq: formNumber(v.haq), notes: 'seen with her daughter' }, 'note added').haq).toBe(2.375);
  });
});
