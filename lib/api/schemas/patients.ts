/**
 * GET /api/v1/patients and /patients/{id}: the query the list accepts (strict: a value
 * outside the documented range is a 422 saying what is allowed, never a silent
 * default) and the patient as the API shows it. The response is mapped field by field
 * (toPatientOut): internal columns (search text, who created the row, its version,
 * the physician's user id) never leave the server, whatever the table gains later.
 */
import { z } from 'zod';
import type { PatientSummary } from '../../dal/patients';
import { DIAGNOSIS_GROUPS, type Sex } from '../../domain/types';
import { PATIENT_SORTS } from '../../validation/patients';
import { isoDay, responseSchema } from './registry';

export const MAX_QUERY_CHARS = 100;
export const MAX_PAGE = 100_000;
const PAGE_RULE = `page must be a whole number from 1 to ${MAX_PAGE}.`;
const SORT_RULE = `sort must be one of: ${PATIENT_SORTS.join(', ')}.`;

/** The list's query parameters, each with the sentence a 422 answers when it is outside its range. */
export const patientListQuery = z.strictObject({
  q: z.string().max(MAX_QUERY_CHARS, `q (an MRN or part of a name) must be at most ${MAX_QUERY_CHARS} characters.`).optional()
    .meta({ description: 'MRN or part of a name (accents and case ignored).' }),
  sort: z.enum(PATIENT_SORTS, { error: SORT_RULE }).optional().meta({ description: 'Order of the list; name when absent.' }),
  page: z.coerce.number({ error: PAGE_RULE }).int(PAGE_RULE).min(1, PAGE_RULE).max(MAX_PAGE, PAGE_RULE).optional()
    .meta({ description: '1-based page of 25 patients; 1 when absent. A page past the last answers the last page.' }),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown query parameter: the list accepts q, sort and page.` : undefined) });

const sex = z.enum(['female', 'male', 'other', 'unknown'] satisfies Sex[]);

export const patientSummaryOut = responseSchema('PatientSummary', z.object({
  id: z.int().min(1),
  mrn: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: isoDay(),
  age: z.int().nullable().meta({ description: 'Whole years today in the clinic time zone.' }),
  sex,
  diagnosisGroup: z.enum(DIAGNOSIS_GROUPS),
  physicianName: z.string().nullable(),
}));

export const patientListOut = responseSchema('PatientList', z.object({
  patients: z.array(patientSummaryOut),
  total: z.int().min(0),
  page: z.int().min(1),
  pages: z.int().min(1),
  q: z.string().optional(),
  sort: z.enum(PATIENT_SORTS),
}), 'A page of patients (25 per page).');

export const patientOut = responseSchema('Patient', z.object({
  id: z.int().min(1),
  mrn: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  birthDate: isoDay(),
  age: z.int().nullable(),
  sex,
  diagnosisGroup: z.enum(DIAGNOSIS_GROUPS),
  onsetDate: isoDay().nullable(),
  diagnosisDate: isoDay().nullable(),
  physicianName: z.string().nullable(),
  notes: z.string(),
  updatedAt: z.string().meta({ description: 'When the record last changed (ISO instant).' }),
}), 'Demographics.');
export type PatientOut = z.output<typeof patientOut>;

/** The patient as the DAL reads it (getPatient): the fields the API shows, named one by one. */
interface PatientRead {
  id: number; mrn: string; familyName: string; givenName: string; birthDate: string; age: number | null; sex: Sex;
  diagnosisGroup: PatientOut['diagnosisGroup']; onsetDate: string | null; diagnosisDate: string | null;
  physicianName: string | null; notes: string; updatedAt: string;
}

export const toPatientOut = (p: PatientRead): PatientOut => ({
  id: p.id, mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, age: p.age, sex: p.sex,
  diagnosisGroup: p.diagnosisGroup, onsetDate: p.onsetDate, diagnosisDate: p.diagnosisDate, physicianName: p.physicianName,
  notes: p.notes, updatedAt: p.updatedAt,
});

export type PatientListOut = z.output<typeof patientListOut>;
export const toPatientSummaryOut = (p: PatientSummary): PatientListOut['patients'][number] => ({
  id: p.id, mrn: p.mrn, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, age: p.age, sex: p.sex,
  diagnosisGroup: p.diagnosisGroup, physicianName: p.physicianName,
});
