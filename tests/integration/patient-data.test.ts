/**
 * loadPatientClinicalData reads the result tables with plain SQL (lib/dal/patient-data.ts):
 * it must give exactly what drizzle's reads of the same rows give, mapped the same way,
 * entered-in-error rows, censored and qualitative values, limits and where they came from included.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { antibodyResults, assays, enzymeResults } from '@/db/schema';
import type { Actor } from '@/lib/dal/actor';
import { recordAntibodyResult, markAntibodyResultInError } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { loadPatientClinicalData, toAntibodyResult, toEnzymeResult } from '@/lib/dal/patient-data';
import { makeActor } from '../setup/actors';
import { abForm, ckForm, daysAgo, newPatient } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let nurse: Actor;
let pid: number;
let other: number;

beforeEach(async () => {
  db = useTempDatabase();
  const physician = await makeActor('physician');
  nurse = await makeActor('nurse');
  pid = newPatient(physician);
  other = newPatient(physician);
  recordAntibodyResult(nurse, pid, abForm(daysAgo(90), 40));
  recordAntibodyResult(nurse, pid, { ...abForm(daysAgo(60), 3), comparator: '<' });
  const wrong = recordAntibodyResult(nurse, pid, abForm(daysAgo(30), 12));
  markAntibodyResultInError(nurse, pid, wrong.id, 'wrong specimen');
  recordEnzymeResult(nurse, pid, ckForm(daysAgo(90), 2400));
  recordEnzymeResult(nurse, pid, { ...ckForm(daysAgo(60), 12), unit: 'ukat/L', lowerLimit: '0.5', upperLimit: '3.2' });
  recordEnzymeResult(nurse, other, ckForm(daysAgo(10), 150));
});
afterEach(() => db.dispose());

describe('loadPatientClinicalData', () => {
  it('reads the results as drizzle does, in date order, for this patient only', () => {
    const d = getDb();
    const ab = d.select({ r: antibodyResults, a: { name: assays.name, lab: assays.lab } }).from(antibodyResults).innerJoin(assays, eq(assays.id, antibodyResults.assayId))
      .where(eq(antibodyResults.patientId, pid)).orderBy(asc(antibodyResults.collectedOn), asc(antibodyResults.id)).all().map(({ r, a }) => toAntibodyResult(r, a));
    const ez = d.select().from(enzymeResults).where(eq(enzymeResults.patientId, pid)).orderBy(asc(enzymeResults.collectedOn), asc(enzymeResults.id)).all().map(toEnzymeResult);
    const data = loadPatientClinicalData(pid);
    expect(data.antibodyResults).toEqual(ab);
    expect(data.enzymeResults).toEqual(ez);
    expect(data.antibodyResults).toHaveLength(3);
    expect(data.antibodyResults.filter((r) => r.enteredInError)).toHaveLength(1);
    expect(data.antibodyResults.some((r) => r.comparator === '<')).toBe(true);
    expect(data.enzymeResults.map((r) => r.valueUL)).toEqual([2400, 720]);
    // Where each range came from travels with the result (a CK typed without a range takes the site default).
    expect(data.enzymeResults.map((r) => r.rangeSource)).toEqual(['site-default', 'lab']);
  });
});
