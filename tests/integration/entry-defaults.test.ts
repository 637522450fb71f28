/**
 * The assay the anti-Mi2 form starts on (lib/dal/patient-page.ts getPatientResults
 * defaultAssayId): this patient's latest valid result's, else the clinic's most used
 * active assay (issue 17: the form started on the first assay of the list).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/dal/actor';
import { markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { setAssayActive } from '@/lib/dal/assays';
import { getPatientResults } from '@/lib/dal/patient-page';
import { makeActor } from '../setup/actors';
import { abForm, ASSAY, daysAgo, expectRefused, newPatient } from '../setup/dal-helpers';
import { useTempDatabase } from '../setup/temp-db';

let db: ReturnType<typeof useTempDatabase>;
let nurse: Actor, reviewer: Actor, admin: Actor;
const collapsed = { expanded: new Set<never>() };
const defaultOf = (actor: Actor, pid: number) => getPatientResults(actor, pid, collapsed).defaultAssayId;

beforeEach(async () => {
  db = useTempDatabase();
  [nurse, reviewer, admin] = await Promise.all([makeActor('nurse'), makeActor('reviewer'), makeActor('admin')]);
});
afterEach(() => db.dispose());

describe('the anti-Mi2 form\'s default assay', () => {
  it('is the assay of the patient\'s latest result by collection date, not the last entered nor the first of the catalog', () => {
    const pid = newPatient(nurse);
    recordAntibodyResult(nurse, pid, abForm(daysAgo(10), 30, { assayId: ASSAY.alphaBlot }));
    // Entered later, collected earlier: the latest result is still the line blot's.
    recordAntibodyResult(nurse, pid, abForm(daysAgo(40), 800, { assayId: ASSAY.elisa }));
    expect(defaultOf(nurse, pid)).toBe(ASSAY.alphaBlot);
    expect(defaultOf(reviewer, pid)).toBe(ASSAY.alphaBlot);
  });

  it('skips a result entered in error', () => {
    const pid = newPatient(nurse);
    recordAntibodyResult(nurse, pid, abForm(daysAgo(30), 12, { assayId: ASSAY.betaBlot }));
    const wrong = recordAntibodyResult(nurse, pid, abForm(daysAgo(2), 40, { assayId: ASSAY.elisa }));
    expect(defaultOf(nurse, pid)).toBe(ASSAY.elisa);
    markAntibodyResultInError(nurse, pid, wrong.id, 'wrong assay picked');
    expect(defaultOf(nurse, pid)).toBe(ASSAY.betaBlot);
  });

  it('without results of the patient, or when their assay is no longer in use, is the clinic\'s most used active assay', () => {
    const a = newPatient(nurse);
    const b = newPatient(nurse);
    const fresh = newPatient(nurse);
    expect(defaultOf(nurse, fresh)).toBeNull();
    for (const [i, pid] of [a, b].entries()) recordAntibodyResult(nurse, pid, abForm(daysAgo(20 + i), 20, { assayId: ASSAY.betaImmunoblotB }));
    recordAntibodyResult(nurse, a, abForm(daysAgo(5), 20, { assayId: ASSAY.elisa }));
    expect(defaultOf(nurse, fresh)).toBe(ASSAY.betaImmunoblotB);
    // The ELISA is retired: patient a's form starts on what the clinic uses now.
    setAssayActive(admin, ASSAY.elisa, false);
    expect(defaultOf(nurse, a)).toBe(ASSAY.betaImmunoblotB);
    setAssayActive(admin, ASSAY.betaImmunoblotB, false);
    expect(defaultOf(nurse, fresh)).toBeNull();
  });

  it('is read with the record: an unknown patient is not found and nothing is written', async () => {
    await expectRefused(() => getPatientResults(nurse, 999_999, collapsed), 'not-found');
  });
});
