import { z } from 'zod';
import { isoDate, optionalIsoDate, text } from './common';
import { nameProblem } from './text-rules';
import { DIAGNOSIS_GROUPS, DIAGNOSIS_LABELS, SEXES } from './patient-options';

export { DIAGNOSIS_GROUPS, DIAGNOSIS_LABELS, SEXES } from './patient-options';

/** A family or given name: at least one letter, no hidden control or text-direction character (text-rules.ts). */
const personName = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, `${label} is required.`)
    .max(100, `${label} must be at most 100 characters.`)
    .superRefine((s, ctx) => {
      const problem = nameProblem(s, label);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

export const patientSchema = z.object({
  mrn: z
    .string({ error: 'MRN is required.' })
    .trim()
    .min(1, 'MRN is required.')
    .max(32, 'MRN must be at most 32 characters.')
    .regex(/^[A-Za-z0-9-]+$/, 'MRN may contain letters, digits and hyphens only.'),
  familyName: personName('Family name'),
  givenName: personName('Given name'),
  birthDate: isoDate('Birth date'),
  sex: z.enum(SEXES, { error: 'Sex must be female, male, other or unknown.' }),
  diagnosisGroup: z.enum(DIAGNOSIS_GROUPS, { error: `Diagnosis group must be one of: ${Object.values(DIAGNOSIS_LABELS).join(', ')}.` }),
  onsetDate: optionalIsoDate('Onset date'),
  diagnosisDate: optionalIsoDate('Diagnosis date'),
  // .optional(): an absent key (API, import, script) means no physician, like an empty select.
  physicianId: z
    .union([z.string(), z.number(), z.null(), z.undefined()])
    .optional()
    .transform((v) => (v === '' || v === null || v === undefined ? null : Number(v)))
    .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'Choose a physician from the list.'),
  notes: text('Notes', 4000, true),
});
export type PatientInput = z.infer<typeof patientSchema>;

export const PATIENT_SORTS = ['name', 'mrn', 'birth', 'updated'] as const;
export const patientQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(PATIENT_SORTS).catch('name').default('name'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
