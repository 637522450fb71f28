import { z } from 'zod';
import { ANALYTES, ASSAY_METHODS, ENZYME_ANALYTES, ENZYME_UNITS, QUALITATIVE_CATEGORIES } from '../domain/types';
import { idSchema, isoDate, optionalNumber, text } from './common';

import { METHOD_LABELS } from './lab-labels';

export { ANALYTE_LABELS, METHOD_LABELS } from './lab-labels';

const accession = z.string().trim().max(64, 'Accession must be at most 64 characters.').nullish().transform((s) => s ?? '');

/** Anti-Mi2 result: a number (optionally censored with < or >) or a qualitative category. */
export const antibodyResultSchema = z
  .object({
    assayId: idSchema('assay'),
    collectedOn: isoDate('Collection date'),
    value: optionalNumber('Value', 0, 1_000_000),
    comparator: z.enum(['', '<', '>'], { error: 'Comparator must be empty, < or >.' }).nullish().transform((c) => (c ? c : null)),
    qualitative: z.enum(['', ...QUALITATIVE_CATEGORIES], { error: 'Category must be negative, borderline, positive or strong.' }).nullish().transform((q) => (q ? q : null)),
    cutoff: optionalNumber('Cut-off', 0, 1_000_000),
    accession,
    allowDuplicate: z.union([z.literal('on'), z.literal('true'), z.boolean()]).optional().transform((v) => v === true || v === 'on' || v === 'true'),
  })
  .superRefine((r, ctx) => {
    if (r.comparator && r.value === null) ctx.addIssue({ code: 'custom', path: ['comparator'], message: 'A comparator (< or >) needs a number.' });
    if (r.value === null && r.qualitative === null) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a number or choose a category.' });
    if (r.cutoff !== null && r.cutoff <= 0) ctx.addIssue({ code: 'custom', path: ['cutoff'], message: 'The cut-off must be greater than 0.' });
  });
export type AntibodyResultInput = z.infer<typeof antibodyResultSchema>;

export const enzymeResultSchema = z
  .object({
    analyte: z.enum(ENZYME_ANALYTES, { error: 'Test must be CK, aldolase, LDH, ALT or AST.' }),
    collectedOn: isoDate('Collection date'),
    value: optionalNumber('Value', 0, 1_000_000).refine((v) => v !== null, 'Enter the value as reported.'),
    unit: z.enum(ENZYME_UNITS, { error: 'Unit must be U/L or ukat/L.' }),
    lowerLimit: optionalNumber('Lower reference limit', 0, 100_000),
    upperLimit: optionalNumber('Upper reference limit', 0, 100_000),
    accession,
    allowDuplicate: z.union([z.literal('on'), z.literal('true'), z.boolean()]).optional().transform((v) => v === true || v === 'on' || v === 'true'),
  })
  .superRefine((r, ctx) => {
    if (r.value !== null && r.value <= 0) ctx.addIssue({ code: 'custom', path: ['value'], message: 'The value must be a positive number in U/L or ukat/L.' });
    if (r.upperLimit !== null && r.upperLimit <= 0) ctx.addIssue({ code: 'custom', path: ['upperLimit'], message: 'The upper limit must be greater than 0.' });
    if (r.lowerLimit !== null && r.upperLimit !== null && r.lowerLimit >= r.upperLimit) {
      ctx.addIssue({ code: 'custom', path: ['lowerLimit'], message: 'The lower limit must be below the upper limit.' });
    }
  });
export type EnzymeResultInput = z.infer<typeof enzymeResultSchema>;

export const assaySchema = z
  .object({
    name: z.string().trim().min(1, 'Name is required.').max(120, 'Name must be at most 120 characters.'),
    analyte: z.enum(ANALYTES, { error: 'Analyte must be Mi-2α, Mi-2β or Mi-2 (unspecified).' }),
    method: z.enum(ASSAY_METHODS, { error: `Method must be one of: ${Object.values(METHOD_LABELS).join(', ')}.` }),
    kit: text('Kit', 120),
    lab: text('Lab', 120),
    unit: z.string().trim().min(1, 'Unit is required (e.g. units, AU/mL, {titer}).').max(32, 'Unit must be at most 32 characters.'),
    qualitativeOnly: z.union([z.literal('on'), z.literal('true'), z.boolean()]).optional().transform((v) => v === true || v === 'on' || v === 'true'),
    cutoff: optionalNumber('Cut-off', 0, 1_000_000),
    positiveFrom: optionalNumber('Positive from', 0, 1_000_000),
    strongAbove: optionalNumber('Strong above', 0, 1_000_000),
    loinc: z.string().trim().max(16).regex(/^(\d{1,7}-\d)?$/, 'LOINC code looks like 88733-1.').optional().transform((s) => (s ? s : null)),
  });
export type AssayInput = z.infer<typeof assaySchema>;
