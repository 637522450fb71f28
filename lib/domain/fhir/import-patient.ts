/**
 * Patient resources in an imported Bundle. Patients are matched by medical record
 * number: the identifier in Titerline's system (urn:titerline:mrn), or failing
 * that the one typed MR (HL7 v2 table 0203), so bundles of other systems match too.
 * The form built here goes through the product's own patient schema and checks
 * (lib/dal/patients.ts createPatient), which refuse bad MRNs and future dates.
 */
import { EXT, SYSTEM } from './codes';
import { patientIds, type SenderId } from './import-identifiers';
import { asArray, asString, codeIn, extensionValue, objects, parseDay, quote, reject, type Json } from './import-values';

export interface PatientForm {
  mrn: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  diagnosisGroup: string;
  /** Empty when unknown (the patient schema refuses null, takes an empty date). */
  onsetDate: string;
  diagnosisDate: string;
  notes: string;
}

export interface PatientPlan {
  mrn: string;
  form: PatientForm;
  /** The given names as sent, when there are several (["Astrid", "M"] stays two names; issue 18, item 4). */
  givenNames: string[];
  /** The sender's identifiers (the MRN in the hospital's own system, others), kept and exported again. */
  identifiers: SenderId[];
  /** Things the report says about the resource (e.g. a date of death not imported). */
  warnings: string[];
  /** Said when the patient is created: no diagnosis group given, so "Other" (a matched patient is not changed). */
  createNote: string | null;
}

/** The MRN among identifiers, or undefined when none is recognisable as one. */
export function mrnOf(identifiers: unknown): string | undefined {
  const ids = objects(identifiers);
  const own = ids.find((i) => i.system === SYSTEM.mrn && asString(i.value));
  const typed = ids.find((i) => codeIn(i.type, SYSTEM.v2IdentifierType) === 'MR' && asString(i.value));
  return asString((own ?? typed)?.value)?.trim();
}

export const MRN_REQUIRED = 'has no medical record number: give an identifier with system urn:titerline:mrn, or one typed MR (HL7 v2 table 0203).';

const GENDERS = ['female', 'male', 'other', 'unknown'] as const;

function optionalDay(r: Json, url: string, label: string): string | undefined {
  const v = extensionValue(r, url, 'valueDate');
  return v === undefined ? undefined : parseDay(v, label);
}

export function parsePatient(r: Json): PatientPlan {
  const mrn = mrnOf(r.identifier) ?? reject(`Patient ${MRN_REQUIRED}`);
  const names = objects(r.name);
  const name = names.find((n) => n.use === 'official') ?? names[0];
  const familyName = asString(name?.family) ?? reject(`Patient ${quote(mrn)} has no family name (name.family).`);
  const given = asArray(name?.given).filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
  const givenName = given.join(' ') || reject(`Patient ${quote(mrn)} has no given name (name.given).`);
  const gender = r.gender === undefined ? 'unknown' : GENDERS.find((g) => g === r.gender)
    ?? reject(`Patient ${quote(mrn)}: gender ${quote(r.gender)} is not one of ${GENDERS.join(', ')}.`);
  const warnings: string[] = [];
  const group = extensionValue(r, EXT.diagnosisGroup, 'valueCode');
  const notes = extensionValue(r, EXT.patientNotes, 'valueString');
  if (r.deceasedBoolean === true || r.deceasedDateTime !== undefined) warnings.push(`Patient ${mrn}: date of death is not imported.`);
  return {
    mrn,
    givenNames: given.length > 1 ? given : [],
    identifiers: patientIds(r.identifier),
    createNote: group === undefined ? `Patient ${mrn}: no diagnosis group given; recorded as "Other" (correct the demographics).` : null,
    form: {
      mrn, familyName, givenName, birthDate: parseDay(r.birthDate, `Patient ${mrn}: birth date`), sex: gender,
      diagnosisGroup: typeof group === 'string' ? group : 'other',
      onsetDate: optionalDay(r, EXT.onsetDate, `Patient ${mrn}: onset date`) ?? '',
      diagnosisDate: optionalDay(r, EXT.diagnosisDate, `Patient ${mrn}: diagnosis date`) ?? '',
      notes: typeof notes === 'string' ? notes : '',
    },
    warnings,
  };
}
