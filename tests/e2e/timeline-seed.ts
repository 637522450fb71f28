/**
 * Seed for the timeline browser test, through the real DAL: an empty patient, an
 * "edge" patient (assay change, censored values, a value of 0, qualitative-only
 * results, same-day results, ukat/L, another enzyme, partial MMT, a taper and a
 * stop, an entered-in-error row) and a "long" patient (20 years of monthly labs and
 * quarterly visits). Dates are relative to today so every date passes the
 * "not in the future" check.
 */
import { cliActor, type Actor } from '@/lib/dal/actor';
import { createAssay } from '@/lib/dal/assays';
import { markAntibodyResultInError, recordAntibodyResult } from '@/lib/dal/antibody-results';
import { recordEnzymeResult } from '@/lib/dal/enzyme-results';
import { changeDose, startMedication, stopMedication } from '@/lib/dal/medications';
import { createPatient } from '@/lib/dal/patients';
import { createUser } from '@/lib/dal/users';
import { recordVisit } from '@/lib/dal/visits';
import { addDays } from '@/lib/domain/dates';
import { clinicToday } from '@/lib/clinic-time';
import { MMT_GROUP_KEYS } from '@/lib/domain/mmt';

export const TL_PHYSICIAN = { email: 'tl.physician@clinic.test', name: 'Dr Tina Line', password: 'a long physician passphrase' };
export const TL_NURSE = { email: 'tl.nurse@clinic.test', name: 'Ned Nurse', password: 'a long nurse passphrase' };

export interface TimelineSeed {
  empty: number;
  edge: number;
  long: number;
}

const today = () => clinicToday();
const ago = (days: number) => addDays(today(), -days);

function patient(actor: Actor, mrn: string, familyName: string): number {
  return createPatient(actor, { mrn, familyName, givenName: 'Test', birthDate: '1970-01-01', sex: 'female', diagnosisGroup: 'mi2-pos-dm' }).id;
}

/** Unilateral MMT-8 form fields summing to `total`; `skip` leaves groups untested (partial). */
function mmt(total: number, skip = 0): Record<string, string> {
  let deficit = 80 - total;
  const fields: Record<string, string> = {};
  MMT_GROUP_KEYS.forEach((key, i) => {
    const take = Math.min(10, deficit);
    deficit -= take;
    if (i >= MMT_GROUP_KEYS.length - skip) return;
    fields[`mmt_${key}`] = String(10 - take);
  });
  return fields;
}

export async function seedTimeline(): Promise<TimelineSeed> {
  const admin = cliActor();
  const doc = await createUser(admin, { ...TL_PHYSICIAN, role: 'physician' });
  await createUser(admin, { ...TL_NURSE, role: 'nurse' });
  const md: Actor = { userId: doc.id, email: doc.email, name: doc.name, role: 'physician', active: true, origin: 'cli' };
  const assay = (name: string, analyte: string, unit: string, cutoff: number | null, positiveFrom: number | null, strongAbove: number | null, qualitativeOnly = false) =>
    createAssay(admin, { name, analyte, method: qualitativeOnly ? 'immunoprecipitation' : 'line-blot', kit: '', lab: 'TL lab', unit, qualitativeOnly, cutoff, positiveFrom, strongAbove }).id;
  const blotA = assay('TL blot A', 'mi2-beta', 'units', 5, 11, 50);
  const blotB = assay('TL blot B', 'mi2-beta', 'SIU', 10, 20, null);
  const ip = assay('TL IP', 'mi2', 'n/a', null, null, null, true);
  const alpha = assay('TL alpha', 'mi2-alpha', 'units', 5, 11, 50);

  const empty = patient(md, 'TL-EMPTY', 'Emptyline');

  const edge = patient(md, 'TL-EDGE', 'Edgecase');
  const ab = (assayId: number, days: number, value: number | null, extra: Record<string, unknown> = {}) =>
    recordAntibodyResult(md, edge, { assayId, collectedOn: ago(days), value, allowDuplicate: true, allowImplausible: true, ...extra });
  ab(blotA, 400, 60);
  ab(blotA, 300, 150, { comparator: '>' });
  ab(blotA, 200, 0);
  ab(blotB, 100, 40);
  ab(blotB, 100, 2, { comparator: '<' });
  const wrong = ab(blotB, 50, 999);
  markAntibodyResultInError(md, edge, wrong.id, 'Typed into the wrong patient');
  ab(ip, 350, null, { qualitative: 'positive' });
  ab(ip, 60, null, { qualitative: 'negative' });
  ab(alpha, 100, 3);
  const enz = (analyte: string, days: number, value: number, unit = 'U/L', extra: Record<string, unknown> = {}) =>
    recordEnzymeResult(md, edge, { analyte, collectedOn: ago(days), value, unit, upperLimit: 200, allowDuplicate: true, allowImplausible: true, ...extra });
  enz('ck', 400, 4000);
  enz('ck', 200, 900);
  enz('ck', 200, 850);
  enz('ck', 100, 3, 'ukat/L', { upperLimit: 3.3 });
  enz('alt', 100, 80, 'U/L', { upperLimit: 40 });
  recordVisit(md, edge, { visitOn: ago(390), ...mmt(52) });
  recordVisit(md, edge, { visitOn: ago(200), ...mmt(60, 2) });
  recordVisit(md, edge, { visitOn: ago(95), ...mmt(74) });
  const pred = startMedication(md, edge, { drug: 'prednisone', dose: 60, doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: ago(400), startReason: 'started' });
  const p2 = changeDose(md, edge, pred.id, { dose: 30, doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: ago(300), reason: 'tapered' }).started;
  stopMedication(md, edge, p2.id, { endOn: ago(150), endReason: 'stopped' });
  startMedication(md, edge, { drug: 'methotrexate', dose: 15, doseUnit: 'mg', route: 'oral', frequency: 'weekly', startOn: ago(390), startReason: 'started' });

  const long = patient(md, 'TL-LONG', 'Longline');
  for (let m = 240; m >= 1; m--) {
    const d = m * 30;
    recordAntibodyResult(md, long, { assayId: blotA, collectedOn: ago(d), value: 5 + ((m * 7) % 60), allowDuplicate: true });
    recordEnzymeResult(md, long, { analyte: 'ck', collectedOn: ago(d), value: 100 + ((m * 37) % 900), unit: 'U/L', upperLimit: 200, allowDuplicate: true });
    if (m % 3 === 0) recordVisit(md, long, { visitOn: ago(d), ...mmt(60 + (m % 20)) });
  }
  startMedication(md, long, { drug: 'azathioprine', dose: 150, doseUnit: 'mg', route: 'oral', frequency: 'daily', startOn: ago(7200), startReason: 'started' });
  return { empty, edge, long };
}
