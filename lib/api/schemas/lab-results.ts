/**
 * POST /api/v1/patients/{id}/lab-results: the body's structure (kinds, JSON types,
 * documented ranges, whose refusals are the field rules' own; no field beyond those
 * documented) checked at the door, and the stored row as answered (mapped
 * field by field: who created it and its version stay inside). Every clinical rule
 * beyond the structure is the DAL's, shared with the forms and the imports
 * (lib/validation/labs.ts); this schema never accepts what they refuse.
 */
import { z } from 'zod';
import type { AntibodyResultRow, EnzymeResultRow } from '@/db/schema';
import { ANALYTES, ENZYME_ANALYTES, ENZYME_UNITS, QUALITATIVE_CATEGORIES } from '../../domain/types';
import { NUMBER_RULES, type NumberRule } from '../../validation/field-rules';
import { isoDay, requestSchema, responseSchema } from './registry';

/**
 * A JSON number (null = not given). The range is documented here but checked by the
 * field rule in the DAL, so the API refuses with the very words of the forms and imports.
 */
const ruled = (rule: NumberRule, description: string) =>
  z.number({ error: `${rule.label} must be a JSON number from ${rule.min} to ${rule.max.toLocaleString('en')}, or null.` })
    .nullable().optional().meta({ description, minimum: rule.min, maximum: rule.max });

const shared = {
  collectedOn: z.string({ error: (issue) => (issue.input === undefined ? 'Collection date is required.' : 'collectedOn must be a date written YYYY-MM-DD.') }).meta({ format: 'date', description: 'Collection date (YYYY-MM-DD), not in the future.' }),
  accession: z.string({ error: 'accession must be text.' }).nullable().optional()
    .meta({ description: 'Lab accession number: one line, no line breaks, tabs or control characters.', maxLength: 64 }),
  allowDuplicate: z.boolean({ error: 'allowDuplicate must be true or false.' }).optional().meta({ description: 'true keeps a result the server thinks is a duplicate (answered 409 otherwise).' }),
  allowImplausible: z.boolean({ error: 'allowImplausible must be true or false.' }).optional().meta({ description: 'true stores a value with plausibility warnings as sent (answered 409 otherwise).' }),
};

/**
 * The refusal of fields a body does not take, each named, with those it does: an
 * ignored "upperLimt" or "reference_high" (the CSV import's column) would leave the
 * lab's range out and store the site default without a word (the CSV import refuses
 * such a look-alike column too: docs/decisions/0018-number-formats.md).
 */
export function unknownFieldsMessage(kind: 'antibody' | 'enzyme', unknown: readonly string[], allowed: readonly string[]): string {
  const shownKeys = unknown.slice(0, 5).map((k) => JSON.stringify(k.length > 40 ? `${k.slice(0, 39)}…` : k));
  const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
  return `Unknown ${unknown.length === 1 ? 'field' : 'fields'} ${shownKeys.join(', ')}${more}: nothing was stored. An ${kind} result takes only ${allowed.join(', ')}.`;
}

/** A closed request body: an unknown key is a 422 naming it (strict; in the OpenAPI document, additionalProperties: false). */
function closed<T extends z.ZodRawShape>(kind: 'antibody' | 'enzyme', shape: T) {
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownFieldsMessage(kind, issue.keys, Object.keys(shape)) : undefined) });
}

export const antibodyResultIn = requestSchema('AntibodyResultIn', closed('antibody', {
  kind: z.literal('antibody'),
  assayId: z.int({ error: 'assayId must be the whole-number id of an assay from GET /api/v1/assays.' }).min(1, 'assayId must be the whole-number id of an assay from GET /api/v1/assays.').meta({ description: 'An assay from GET /assays.' }),
  value: ruled(NUMBER_RULES.antibodyValue, 'The number as reported (a non-zero value is at least 0.001); text is refused. Null or absent with a qualitative category.'),
  comparator: z.enum(['', '<', '>'], { error: 'comparator must be "<", ">", empty or null.' }).nullable().optional().meta({ description: 'Censored values: "<" or ">" with the value.' }),
  qualitative: z.enum(['', ...QUALITATIVE_CATEGORIES], { error: `qualitative must be one of: ${QUALITATIVE_CATEGORIES.join(', ')} (or empty or null).` }).nullable().optional(),
  cutoff: ruled(NUMBER_RULES.antibodyCutoff, "The lab's cut-off for this result; the assay's when absent."),
  ...shared,
}), 'An anti-Mi2 result: a number, a category, or both.');

export const enzymeResultIn = requestSchema('EnzymeResultIn', closed('enzyme', {
  kind: z.literal('enzyme'),
  analyte: z.enum(ENZYME_ANALYTES, { error: `analyte must be one of: ${ENZYME_ANALYTES.join(', ')}.` }),
  value: z.number({ error: 'value must be a JSON number above 0.' })
    .meta({ description: 'The value as reported (at least 0.01).', exclusiveMinimum: NUMBER_RULES.enzymeValue.min, maximum: NUMBER_RULES.enzymeValue.max }),
  unit: z.string({ error: 'unit must be text: U/L or ukat/L.' }).meta({ description: 'U/L (also IU/L) or ukat/L (also µkat/L); stored as U/L or ukat/L.' }),
  lowerLimit: ruled(NUMBER_RULES.enzymeLowerLimit, 'Lower reference limit in the unit of the value.'),
  upperLimit: ruled(NUMBER_RULES.enzymeUpperLimit, "Upper reference limit; empty: this patient's latest lab range for the enzyme, else the site default (stored with rangeSource)."),
  ...shared,
}), 'A muscle enzyme result (CK, aldolase, LDH, ALT, AST).');

/** The fields each kind of body takes, in the order the schema documents them. */
export const LAB_RESULT_FIELDS = { antibody: Object.keys(antibodyResultIn.shape), enzyme: Object.keys(enzymeResultIn.shape) } as const;

export const labResultIn = z.discriminatedUnion('kind', [antibodyResultIn, enzymeResultIn], { error: 'kind must be "antibody" or "enzyme".' });

export const antibodyResultOut = responseSchema('AntibodyResult', z.object({
  kind: z.literal('antibody'),
  id: z.int().min(1), patientId: z.int().min(1), assayId: z.int().min(1), analyte: z.enum(ANALYTES), collectedOn: isoDay(),
  value: z.number().nullable(), comparator: z.enum(['<', '>']).nullable(), qualitative: z.enum(QUALITATIVE_CATEGORIES).nullable(),
  unit: z.string(), cutoff: z.number().nullable(), positiveFrom: z.number().nullable(), strongAbove: z.number().nullable(),
  accession: z.string(),
}), 'The stored anti-Mi2 result, with the cut-off and limits it was read with.');

export const enzymeResultOut = responseSchema('EnzymeResult', z.object({
  kind: z.literal('enzyme'),
  id: z.int().min(1), patientId: z.int().min(1), analyte: z.enum(ENZYME_ANALYTES), collectedOn: isoDay(),
  value: z.number(), unit: z.enum(ENZYME_UNITS), valueUL: z.number(), lowerLimitUL: z.number().nullable(), upperLimitUL: z.number(),
  rangeSource: z.enum(['lab', 'patient', 'site-default']).meta({ description: "Where the reference range came from: the lab's report, the patient's latest, or the site default." }),
  accession: z.string(),
}), 'The stored enzyme result, with its value and limits in U/L.');

export const labResultOut = z.discriminatedUnion('kind', [antibodyResultOut, enzymeResultOut]);

export const toAntibodyResultOut = (r: AntibodyResultRow): z.output<typeof antibodyResultOut> => ({
  kind: 'antibody', id: r.id, patientId: r.patientId, assayId: r.assayId, analyte: r.analyte, collectedOn: r.collectedOn, value: r.value,
  comparator: r.comparator, qualitative: r.qualitative, unit: r.unit, cutoff: r.cutoff, positiveFrom: r.positiveFrom, strongAbove: r.strongAbove,
  accession: r.accession,
});

export const toEnzymeResultOut = (r: EnzymeResultRow): z.output<typeof enzymeResultOut> => ({
  kind: 'enzyme', id: r.id, patientId: r.patientId, analyte: r.analyte, collectedOn: r.collectedOn, value: r.value, unit: r.unit,
  valueUL: r.valueUL, lowerLimitUL: r.lowerLimitUL, upperLimitUL: r.upperLimitUL, rangeSource: r.rangeSource, accession: r.accession,
});
