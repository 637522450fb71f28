/**
 * "While on (…)" in the possible signal to discuss tapering (docs/clinical/signals.md
 * section 5): each immunosuppressant covering today is named once, with its latest dose;
 * the evidence still lists every epoch the rule used.
 */
import { describe, expect, it } from 'vitest';
import type { MedicationEpoch } from '@/lib/domain/types';
import { ck, find, med, mmtVisit, run, titer } from './signals-fixtures';

const asOf = '2024-06-01';
const results = [titer(1, '2023-06-01', 30), titer(2, '2024-02-01', 4), titer(3, '2024-05-01', 3)];
const muscle = { antibodyResults: results, enzymeResults: [ck(10, '2024-05-01', 150)], visits: [mmtVisit(20, '2024-05-01', 80)] };
const rtx = (id: number, on: string) => med(id, on, on, { drug: 'Rituximab', drugClass: 'anti-cd20', route: 'iv', frequency: 'per course', dose: 1000 });
const mtx = (id: number, start: string, end: string | null, dose: number) => med(id, start, end, { drug: 'Methotrexate', drugClass: 'antimetabolite', frequency: 'weekly', dose });

function taper(medications: MedicationEpoch[], on = asOf) {
  const s = find(run({ ...muscle, medications }, on), 'taper-discussion');
  const whileOn = /while on (.*?)\. In a cohort/.exec(s?.explanation ?? '')?.[1];
  return { whileOn, medicationIds: s?.resultIds.medication };
}

describe('the tapering signal names what covers today, one drug at a time', () => {
  it('two rituximab infusions whose coverage both include today: only the latest is the last dose', () => {
    const t = taper([rtx(30, '2024-01-10'), rtx(31, '2024-05-10')]);
    expect(t.whileOn).toBe('Rituximab 1000 mg (last dose 2024-05-10, covering until 2024-11-08)');
    expect(t.medicationIds).toEqual([30, 31]);
  });

  it('weekly methotrexate raised from 15 to 20 mg: 20 mg since the change, never 15 mg beside it', () => {
    const t = taper([mtx(30, '2023-06-01', '2024-05-27', 15), mtx(31, '2024-05-28', null, 20)]);
    expect(t.whileOn).toBe('Methotrexate 20 mg (since 2024-05-28)');
    // The 15 mg week still covers until 2024-06-02: the rule used it, so it stays evidence.
    expect(t.medicationIds).toEqual([30, 31]);
  });

  it('methotrexate lowered and then stopped: the lower dose and its last day', () => {
    const t = taper([mtx(30, '2023-06-01', '2024-05-20', 20), mtx(31, '2024-05-21', '2024-05-27', 15), med(32, '2023-06-01', null)]);
    expect(t.whileOn).toBe('prednisone 5 mg (since 2023-06-01), Methotrexate 15 mg (last dose 2024-05-27, covering until 2024-06-02)');
    expect(t.medicationIds).toEqual([31, 32]);
  });

  it('an IV pulse that outlasts a later short oral course: the oral dose is the last, the pulse what covers', () => {
    const pulse = med(30, '2024-05-20', '2024-05-22', { drug: 'Methylprednisolone', route: 'iv', dose: 1000 });
    const oral = med(31, '2024-05-23', '2024-05-27', { drug: 'Methylprednisolone', dose: 16 });
    const t = taper([pulse, oral]);
    expect(t.whileOn).toBe('Methylprednisolone 16 mg (last dose 2024-05-27; covered until 2024-06-18 by 1000 mg given 2024-05-20 to 2024-05-22)');
    expect(t.medicationIds).toEqual([30, 31]);
  });

  it('correct input is unchanged: one ongoing drug, one infusion, and different drugs side by side', () => {
    expect(taper([med(30, '2023-06-01', null)]).whileOn).toBe('prednisone 5 mg (since 2023-06-01)');
    expect(taper([rtx(30, '2024-05-10')]).whileOn).toBe('Rituximab 1000 mg (last dose 2024-05-10, covering until 2024-11-08)');
    const both = taper([rtx(30, '2024-05-10'), mtx(31, '2024-01-01', null, 15)]);
    expect(both.whileOn).toBe('Methotrexate 15 mg (since 2024-01-01), Rituximab 1000 mg (last dose 2024-05-10, covering until 2024-11-08)');
    expect(both.medicationIds).toEqual([30, 31]);
  });

  it('an epoch entered in error and a drug that is not immunosuppression are never named', () => {
    const hcq = med(32, '2023-01-01', null, { drug: 'Hydroxychloroquine', drugClass: 'antimalarial', immunosuppressant: false, dose: 200 });
    const t = taper([rtx(30, '2024-01-10'), { ...rtx(31, '2024-05-10'), enteredInError: true }, hcq]);
    expect(t.whileOn).toBe('Rituximab 1000 mg (last dose 2024-01-10, covering until 2024-07-10)');
    expect(t.medicationIds).toEqual([30]);
  });
});
