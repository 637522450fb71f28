import { z } from 'zod';
import { ANALYTES, ASSAY_METHODS, ENZYME_ANALYTES, QUALITATIVE_CATEGORIES, type Comparator } from '../domain/types';
import { idSchema, isoDate, oneLine, optionalNumber, text, ticked } from './common';
import { NUMBER_RULES, readNumber } from './field-rules';
import { accessionAllowed, ACCESSION_MESSAGE, CENSORED_ENZYME_MESSAGE, readEnzymeUnit } from './text-rules';

import { METHOD_LABELS } from './lab-labels';

export { ANALYTE_LABELS, METHOD_LABELS } from './lab-labels';

/** The lab's accession number: trimmed, one line, no control characters (every path: text-rules.ts). */
const accession = z.unknown().optional().transform((raw, ctx): string => {
  if (raw === undefined || raw === null) return '';
  const s = typeof raw === 'string' ? raw.trim() : null;
  if (s !== null && accessionAllowed(s)) return s;
  ctx.addIssue({ code: 'custom', message: ACCESSION_MESSAGE });
  return z.NEVER;
});

/** "<5" or ">150" in front of the number sets the comparator (lab reports write it so). */
function splitSign(raw: unknown): { sign: '<' | '>' | null; rest: unknown } {
  if (typeof raw !== 'string') return { sign: null, rest: raw };
  const s = raw.trim();
  const c = s.charCodeAt(0);
  return c === 0x3c || c === 0x3e ? { sign: c === 0x3c ? '<' : '>', rest: s.slice(1) } : { sign: null, rest: raw };
}

const censoredValue = z.unknown().optional().transform((raw, ctx) => {
  const { sign, rest } = splitSign(raw);
  const r = readNumber(rest, NUMBER_RULES.antibodyValue);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return { value: r.value, sign };
});

/**
 * Anti-Mi2 result: a number (optionally censored: "<5" in the value, or the
 * comparator field) or a qualitative category, or both as the lab reported them.
 */
export const antibodyResultSchema = z
  .object({
    assayId: idSchema('assay'),
    collectedOn: isoDate('Collection date'),
    value: censoredValue,
    comparator: z.enum(['', '<', '>'], { error: 'Comparator must be empty, < or >.' }).nullish(),
    qualitative: z.enum(['', ...QUALITATIVE_CATEGORIES], { error: 'Category must be negative, borderline, positive or strong.' }).nullish().transform((q) => (q ? q : null)),
    cutoff: optionalNumber(NUMBER_RULES.antibodyCutoff),
    accession,
    allowDuplicate: ticked,
    allowImplausible: ticked,
  })
  .transform((r, ctx) => {
    const typed = r.comparator ? r.comparator : null;
    if (r.value.sign && typed && r.value.sign !== typed) {
      ctx.addIssue({ code: 'custom', path: ['comparator'], message: `The value says ${r.value.sign} but the comparator says ${typed}: keep one of them.` });
    }
    const comparator: Comparator = r.value.sign ?? typed;
    if (comparator && r.value.value === null) ctx.addIssue({ code: 'custom', path: ['comparator'], message: 'A comparator (< or >) needs a number.' });
    if (r.value.value === null && r.qualitative === null) ctx.addIssue({ code: 'custom', path: ['value'], message: 'Enter a number or choose a category.' });
    return { ...r, value: r.value.value, comparator };
  });
export type AntibodyResultInput = z.output<typeof antibodyResultSchema>;

const enzymeValue = z.unknown().optional().transform((raw, ctx): number => {
  const { sign, rest } = splitSign(raw);
  const r = sign ? null : readNumber(rest, NUMBER_RULES.enzymeValue);
  if (r?.ok && r.value !== null) return r.value;
  ctx.addIssue({ code: 'custom', message: r === null ? CENSORED_ENZYME_MESSAGE : r.ok ? 'Enter the value as reported.' : r.message });
  return z.NEVER;
});

const enzymeUnit = z.unknown().optional().transform((raw, ctx) => {
  const r = readEnzymeUnit(raw);
  if (r.ok) return r.value;
  ctx.addIssue({ code: 'custom', message: r.message });
  return z.NEVER;
});

export const enzymeResultSchema = z
  .object({
    analyte: z.enum(ENZYME_ANALYTES, { error: 'Test must be CK, aldolase, LDH, ALT or AST.' }),
    collectedOn: isoDate('Collection date'),
    value: enzymeValue,
    unit: enzymeUnit,
    lowerLimit: optionalNumber(NUMBER_RULES.enzymeLowerLimit),
    upperLimit: optionalNumber(NUMBER_RULES.enzymeUpperLimit),
    accession,
    allowDuplicate: ticked,
    allowImplausible: ticked,
  })
  .superRefine((r, ctx) => {
    if (r.lowerLimit !== null && r.upperLimit !== null && r.lowerLimit >= r.upperLimit) {
      ctx.addIssue({ code: 'custom', path: ['lowerLimit'], message: 'The lower limit must be below the upper limit.' });
    }
  });
export type EnzymeResultInput = z.output<typeof enzymeResultSchema>;

export const assaySchema = z
  .object({
    name: z.string({ error: 'Name is required.' }).trim().min(1, 'Name is required.').max(120, 'Name must be at most 120 characters.').superRefine(oneLine('Name')),
    analyte: z.enum(ANALYTES, { error: 'Analyte must be Mi-2α, Mi-2β or Mi-2 (unspecified).' }),
    method: z.enum(ASSAY_METHODS, { error: `Method must be one of: ${Object.values(METHOD_LABELS).join(', ')}.` }),
    kit: text('Kit', 120),
    lab: text('Lab', 120),
    unit: z.string({ error: 'Unit is required (e.g. units, AU/mL, {titer}).' }).trim().min(1, 'Unit is required (e.g. units, AU/mL, {titer}).').max(32, 'Unit must be at most 32 characters.').superRefine(oneLine('Unit')),
    qualitativeOnly: ticked,
    /** Dilution titers: the cut-off dilution itself is the first positive (1:80 with cut-off 80). */
    cutoffDilutionPositive: ticked,
    cutoff: optionalNumber(NUMBER_RULES.assayCutoff),
    positiveFrom: optionalNumber(NUMBER_RULES.assayPositiveFrom),
    strongAbove: optionalNumber(NUMBER_RULES.assayStrongAbove),
    measuringMax: optionalNumber(NUMBER_RULES.assayMeasuringMax),
    loinc: z.string().trim().max(16).regex(/^(\d{1,7}-\d)?$/, 'LOINC code looks like 88733-1.').optional().transform((s) => (s ? s : null)),
  });
export type AssayInput = z.infer<typeof assaySchema>;
