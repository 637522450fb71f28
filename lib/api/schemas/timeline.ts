/**
 * GET /api/v1/patients/{id}/timeline: what the patient page shows, as plain rows from
 * lib/domain (no storage columns). Rows are described by the elements a client needs
 * and may carry more (their schemas are open), so a new computed field is not a
 * breaking change; the patient is the same closed mapping as GET /patients/{id}.
 */
import { z } from 'zod';
import { RANGE_SOURCES } from '../../domain/reference-range';
import { ANALYTES, DRUG_CLASSES, ENZYME_ANALYTES, ENZYME_UNITS, QUALITATIVE_CATEGORIES } from '../../domain/types';
import { patientOut } from './patients';
import { isoDay, responseSchema } from './registry';

const rowBase = { id: z.int().min(1), enteredInError: z.boolean() };

export const antibodyRowOut = responseSchema('TimelineAntibodyResult', z.looseObject({
  ...rowBase, analyte: z.enum(ANALYTES), assayId: z.int().min(1), assayLabel: z.string(), unit: z.string(), collectedOn: isoDay(),
  value: z.number().nullable(), comparator: z.enum(['<', '>']).nullable(), qualitative: z.enum(QUALITATIVE_CATEGORIES).nullable(),
  cutoff: z.number().nullable(),
  cls: z.enum(QUALITATIVE_CATEGORIES).nullable().meta({ description: 'The class the result reads at its cut-off.' }),
  xCutoff: z.number().nullable().meta({ description: 'The value as a multiple of its cut-off; for a censored value (comparator < or >), the multiple of its bound, read with the comparator.' }),
  labCategoryDiffers: z.boolean(),
}));

export const enzymeRowOut = responseSchema('TimelineEnzymeResult', z.looseObject({
  ...rowBase, analyte: z.enum(ENZYME_ANALYTES), collectedOn: isoDay(), value: z.number(), unit: z.enum(ENZYME_UNITS), valueUL: z.number(),
  lowerLimitUL: z.number().nullable(), upperLimitUL: z.number(),
  rangeSource: z.enum(RANGE_SOURCES).meta({ description: "Where the reference range came from: the lab's report, this patient's earlier lab range, or the site default." }),
  flag: z.enum(['high', 'low', 'normal']),
  xUln: z.number().nullable().meta({ description: 'The value as a multiple of the upper limit.' }),
}));

export const visitRowOut = responseSchema('TimelineVisit', z.looseObject({
  ...rowBase, visitOn: isoDay(), mmtVersion: z.enum(['unilateral', 'bilateral']).nullable(),
  mmtGrades: z.record(z.string(), z.number().nullable()),
  physicianGlobal: z.number().nullable(), patientGlobal: z.number().nullable(), haq: z.number().nullable(), extramuscular: z.number().nullable(),
  mmt: z.looseObject({}).nullable().meta({ description: 'The MMT-8 total, when the visit has a version.' }),
}));

export const medicationOut = responseSchema('TimelineMedication', z.looseObject({
  ...rowBase, drug: z.string(), drugClass: z.enum(DRUG_CLASSES), immunosuppressant: z.boolean(), dose: z.number(), doseUnit: z.string(),
  route: z.string(), frequency: z.string(), startOn: isoDay(), endOn: isoDay().nullable().meta({ description: 'Null: ongoing.' }), reason: z.string(),
}));

export const signalOut = responseSchema('TimelineSignal', z.looseObject({
  id: z.int().min(1), code: z.string(), level: z.enum(['action', 'warning', 'info']), analyte: z.string().nullable(), since: isoDay(),
  explanation: z.string(),
  acknowledged: z.object({ note: z.string(), at: z.string() }).nullable(),
}));

export const timelineOut = responseSchema('Timeline', z.object({
  patient: patientOut,
  antibodyResults: z.array(antibodyRowOut),
  enzymeResults: z.array(enzymeRowOut),
  visits: z.array(visitRowOut),
  medications: z.array(medicationOut),
  currentMedications: z.array(medicationOut).meta({ description: 'The medications the patient is on today.' }),
  signals: z.array(signalOut).meta({ description: 'Decision-support signals, most important first.' }),
}), 'Results, visits, medication epochs and signals.');
