/**
 * The worklist line as stored by a real recompute (patient_summaries.snapshot_json): the
 * same results give the same line whichever was typed first (hazard H4). Two patients,
 * each with a positive and a negative titer and a high and a normal CK on one day,
 * entered in opposite orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { listWorklist } from '@/lib/dal/worklist';
import type { PatientSnapshot } from '@/lib/domain/summary';
import { makeActor } from '../setup/actors';
import { abForm, ckForm, daysAgo, newPatient, summaryRow } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let nurse: Actor;
let firstPositive: number, firstNegative: number;

beforeAll(async () => {
  db = useTempDatabase();
  let physician: Actor;
  [physician, nurse] = await Promise.all([makeActor('physician'), makeActor('nurse')]);
  const day = daysAgo(3);
  const enter = (pid: number, titers: number[], cks: number[]) => {
    recordAntibodyResult(nurse, pid, abForm(daysAgo(200), 20));
    recordEnzymeResult(nurse, pid, ckForm(daysAgo(200), 400, { upperLimit: '200' }));
    // A second value of one day asks to be confirmed as right (as on the form).
    for (const t of titers) recordAntibodyResult(nurse, pid, abForm(day, t, { allowImplausible: 'on' }));
    for (const c of cks) recordEnzymeResult(nurse, pid, ckForm(day, c, { upperLimit: '200', allowImplausible: 'on' }));
  };
  firstPositive = newPatient(physician, { familyName: 'Pos-first' });
  enter(firstPositive, [40, 3], [900, 150]);
  firstNegative = newPatient(physician, { familyName: 'Neg-first' });
  enter(firstNegative, [3, 40], [150, 900]);
}, 60_000);
afterAll(() => db.dispose());

const stored = (pid: number) => JSON.parse(summaryRow(pid)!.snapshot_json) as PatientSnapshot;

describe('the stored worklist line does not depend on entry order', () => {
  it('a day whose titers disagree is stored as "results disagree" with no trend; the day\'s CK is the higher, with its trend from the day before', () => {
    expect(stored(firstPositive)).toEqual(stored(firstNegative));
    expect(stored(firstPositive).titer).toMatchObject({ display: 'results disagree (40 units, 3 units)', cls: null, xCutoff: null, trend: null, conflict: true, on: daysAgo(3) });
    // 900 against 200 after 400 against 200: up (never "down" from the same-day 150).
    expect(stored(firstPositive).ck).toMatchObject({ valueUL: 900, high: true, trend: 'up' });
  });

  it('the worklist shows both patients with the same line', () => {
    const items = listWorklist(nurse, {}).items.filter((i) => [firstPositive, firstNegative].includes(i.patientId));
    expect(items).toHaveLength(2);
    expect(items[0]!.snapshot).toEqual(items[1]!.snapshot);
  });
});
