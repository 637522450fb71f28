/**
 * The demo cohort: twelve synthetic patients with years of anti-Mi2 titers, CK,
 * visits (MMT-8, globals, HAQ-DI) and drug epochs, assigned to the demo physician.
 * Written through the product's own DAL - labs as the demo nurse, patients, visits
 * and drugs as the demo physician, origin "cli" - so every row is validated,
 * audited and has its signals computed exactly as in real use.
 *
 * Deterministic: seeded random numbers and every date relative to today, so a fresh
 * demo shows the same signals whatever day it is created.
 */
import type { Actor } from '../../lib/dal/actor';
import { createPatient } from '../../lib/dal/patients';
import { clinicToday } from '../../lib/clinic-time';
import type { Role } from '../../lib/permissions';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { assayChange, declining, elisaNormalizer, flagship, offTreatment, relapser } from './cohort-mi2-positive';
import { antisynthetase, discordant, imnm, mi2NegativeDm, newPatient, overdue } from './cohort-others';
import type { SeedActors, Story, StoryContext } from './cohort-story';
import { COMPARATOR_COHORT } from './cohort-comparators';

/**
 * The cohort in MRN order (MRN-100001 to MRN-100018). Each builder's comment says
 * which signals the patient is built to show; the integration test holds them to it.
 */
export const DEMO_COHORT: readonly ((today: string) => Story)[] = [
  flagship, elisaNormalizer, offTreatment, relapser, assayChange, declining, overdue, discordant, mi2NegativeDm, antisynthetase, imnm, newPatient,
  ...COMPARATOR_COHORT,
];

function demoActor(role: Role, userId: number): Actor {
  const account = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!account) throw new Error(`No demo ${role} account`);
  return { userId, email: account.email, name: account.name, role, active: true, origin: 'cli' };
}

/** Writes one patient and all of its history; returns the patient id. */
export function writeStory(story: Story, actors: SeedActors, physicianId: number): number {
  const { onsetAgo, diagnosisAgo, ...info } = story.info;
  const patient = createPatient(actors.physician, { ...info, onsetDate: story.date(onsetAgo), diagnosisDate: story.date(diagnosisAgo), physicianId });
  const ctx: StoryContext = { ...actors, patientId: patient.id, epochs: new Map() };
  for (const event of story.ordered()) event.run(ctx);
  return patient.id;
}

/**
 * Seeds the cohort with the ids of the demo accounts (from seedDemoAccounts). Today
 * comes from the same clock the DAL checks dates against (lib/dal/clinical-guards).
 */
export function seedDemoCohort(ids: Record<Role, number>): void {
  const today = clinicToday();
  const actors: SeedActors = { physician: demoActor('physician', ids.physician), nurse: demoActor('nurse', ids.nurse) };
  for (const build of DEMO_COHORT) writeStory(build(today), actors, ids.physician);
}
