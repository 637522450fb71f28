/**
 * GET /api/v1/assays: the active anti-Mi2 assays a result can be posted against
 * (`assayId`), with the unit and cut-offs each result is read with. Mapped field by
 * field: no audit or catalog-keeping columns.
 */
import { z } from 'zod';
import type { Assay } from '@/db/schema';
import { ANALYTES, ASSAY_METHODS } from '../../domain/types';
import { responseSchema } from './registry';

export const assayOut = responseSchema('Assay', z.object({
  id: z.int().min(1).meta({ description: 'The assayId of POST /patients/{id}/lab-results.' }),
  name: z.string(),
  analyte: z.enum(ANALYTES),
  method: z.enum(ASSAY_METHODS),
  kit: z.string(),
  lab: z.string(),
  unit: z.string().meta({ description: 'The unit of values and cut-offs ({titer} for dilution titers).' }),
  qualitativeOnly: z.boolean().meta({ description: 'Reports a category only: post `qualitative`, no value.' }),
  cutoff: z.number().nullable().meta({ description: 'Values at or above it read positive (or borderline when positiveFrom is higher).' }),
  positiveFrom: z.number().nullable(),
  strongAbove: z.number().nullable(),
  measuringMax: z.number().nullable().meta({ description: 'Highest value the assay reports; a value above it is asked to be confirmed (409).' }),
  cutoffDilutionPositive: z.boolean().meta({ description: 'Dilution titers: a result at the cut-off dilution counts as positive.' }),
  loinc: z.string().nullable(),
}));

export const assayListOut = responseSchema('AssayList', z.object({ assays: z.array(assayOut) }), 'The active assays, by analyte and name.');

export const toAssayOut = (a: Assay): z.output<typeof assayOut> => ({
  id: a.id, name: a.name, analyte: a.analyte, method: a.method, kit: a.kit, lab: a.lab, unit: a.unit, qualitativeOnly: a.qualitativeOnly,
  cutoff: a.cutoff, positiveFrom: a.positiveFrom, strongAbove: a.strongAbove, measuringMax: a.measuringMax,
  cutoffDilutionPositive: a.cutoffDilutionPositive, loinc: a.loinc,
});
