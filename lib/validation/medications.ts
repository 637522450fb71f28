import { z } from 'zod';
import { CHANGE_REASONS, DRUG_CATALOG, findDrug, type DrugInfo } from '../domain/medications';
import { idSchema, isoDate, oneLine, optionalIsoDate, optionalNumber, text } from './common';
import { formNumber, NUMBER_RULES } from './field-rules';

import { DOSE_CHANGE_REASONS, DOSE_UNITS, END_REASONS, ROUTE_LABELS, ROUTES, START_REASONS, STOP_REASONS, type ReasonList } from './medication-options';

export { DOSE_UNITS, FREQUENCY_SUGGESTIONS, ROUTE_LABELS, ROUTES, routeLabel } from './medication-options';

const DRUG_KEYS = DRUG_CATALOG.map((d) => d.key) as [string, ...string[]];

/** Reason label for display (stored rows hold the key). */
export function reasonLabel(key: string | null): string {
  return CHANGE_REASONS.find((r) => r.key === key)?.label ?? key ?? '';
}

/** "stopped, side effect, …": the reasons of one list, as the messages name them. */
export const reasonList = (keys: ReasonList): string => keys.map((k) => reasonLabel(k).toLowerCase()).join(', ');

/** One of `keys` (medication-options.ts says which reasons fit a start, a change, a stop, an end). */
export const changeReason = (label: string, keys: ReasonList) => z.enum(keys, { error: `${label} must be one of: ${reasonList(keys)}.` });

/** The dose of one epoch: how much, in what, by which route, how often. */
const doseShape = {
  // .optional() first so an absent dose gets the message below, not zod's generic one.
  dose: optionalNumber(NUMBER_RULES.dose).optional()
    .refine((n) => n !== null && n !== undefined, 'Dose is required: a number greater than 0.')
    .transform((n) => n as number),
  doseUnit: z.enum(DOSE_UNITS, { error: `Unit must be one of: ${DOSE_UNITS.join(', ')}.` }),
  route: z.enum(ROUTES, { error: `Route must be one of: ${Object.values(ROUTE_LABELS).join(', ')}.` }),
  frequency: z.string({ error: 'Frequency is required (e.g. daily, weekly).' }).trim()
    .min(1, 'Frequency is required (e.g. daily, weekly).').max(40, 'Frequency must be at most 40 characters (e.g. every 4 weeks).').superRefine(oneLine('Frequency')),
};

/**
 * A whole dose epoch (start a drug, or correct an epoch). The drug comes from
 * DRUG_CATALOG (docs/clinical/treatment.md); "other" needs its name and whether it is
 * an immunosuppressant, since that decides the taper-discussion signal (section 7).
 * An end date needs an end reason; a stop is an epoch end with reason (section 6).
 * `startReason` is stored as the epoch's `reason`; the field is named apart from the
 * `reason` every correction form asks for.
 */
export const epochSchema = z
  .object({
    drug: z.enum(DRUG_KEYS, { error: `Choose a drug from the list (${DRUG_CATALOG.map((d) => d.label).join(', ')}).` }),
    otherName: text('Drug name', 80),
    otherImmunosuppressant: z.enum(['', 'yes', 'no'], { error: 'Answer yes or no: is this drug an immunosuppressant?' }).optional().transform((s) => s ?? ''),
    ...doseShape,
    startOn: isoDate('Start date'),
    endOn: optionalIsoDate('End date'),
    startReason: changeReason('Reason for starting', START_REASONS),
    // Empty means "not ended"; a preprocess, not a union with '', so a wrong reason gets its own message (not "Invalid input").
    endReason: z.preprocess((r) => (r === '' ? undefined : r), changeReason('Reason for ending', END_REASONS).optional()).transform((r) => r ?? null),
  })
  .superRefine((e, ctx) => {
    if (e.drug === 'other') {
      const listed = findDrug(e.otherName);
      if (!e.otherName) ctx.addIssue({ code: 'custom', path: ['otherName'], message: 'Name the drug (at most 80 characters).' });
      else if (listed && listed.key !== 'other') ctx.addIssue({ code: 'custom', path: ['otherName'], message: `${listed.label} is in the list: choose it there instead of "Other".` });
      if (e.otherImmunosuppressant === '') ctx.addIssue({ code: 'custom', path: ['otherImmunosuppressant'], message: 'Answer yes or no: is this drug an immunosuppressant?' });
    }
    if (e.endOn !== null && e.endReason === null) ctx.addIssue({ code: 'custom', path: ['endReason'], message: `An end date needs a reason for ending (${reasonList(END_REASONS)}).` });
    if (e.endOn === null && e.endReason !== null) ctx.addIssue({ code: 'custom', path: ['endOn'], message: 'A reason for ending needs the end date (last day taken).' });
    if (e.endOn !== null && e.endOn < e.startOn) ctx.addIssue({ code: 'custom', path: ['endOn'], message: `End date must be on or after the start date (${e.startOn}); it is the last day taken.` });
  });
export type EpochFormInput = z.output<typeof epochSchema>;

/** "Change dose": the next epoch of the same drug, starting on `startOn`. */
export const doseChangeSchema = z.object({
  ...doseShape,
  startOn: isoDate('Date of the new dose'),
  reason: changeReason('Reason for the change', DOSE_CHANGE_REASONS),
});
export type DoseChangeInput = z.output<typeof doseChangeSchema>;

/** "Stop": the last day taken and why (docs/clinical/treatment.md: stopping is an epoch end with reason). */
export const stopSchema = z.object({
  endOn: isoDate('Last day taken'),
  endReason: changeReason('Reason for stopping', STOP_REASONS),
});
export type StopInput = z.output<typeof stopSchema>;

export const epochIdSchema = idSchema('medication epoch');

/** Stored identity of a drug: the catalog label, or the typed name for "other". */
export function drugIdentity(e: Pick<EpochFormInput, 'drug' | 'otherName' | 'otherImmunosuppressant'>): { drug: string; info: DrugInfo; immunosuppressant: boolean } {
  const info = DRUG_CATALOG.find((d) => d.key === e.drug) ?? (DRUG_CATALOG.at(-1) as DrugInfo);
  if (info.key === 'other') return { drug: e.otherName, info, immunosuppressant: e.otherImmunosuppressant === 'yes' };
  return { drug: info.label, info, immunosuppressant: info.immunosuppressant === true };
}

/** Form values of a stored epoch (for the correction form). */
export function epochFormValues(e: { drug: string; immunosuppressant: boolean; dose: number; doseUnit: string; route: string; frequency: string; startOn: string; endOn: string | null; reason: string; endReason: string | null }): Record<string, string> {
  const hit = findDrug(e.drug);
  const other = !hit || hit.key === 'other';
  return {
    drug: other ? 'other' : hit.key, otherName: other ? e.drug : '', otherImmunosuppressant: other ? (e.immunosuppressant ? 'yes' : 'no') : '',
    dose: formNumber(e.dose), doseUnit: e.doseUnit, route: e.route, frequency: e.frequency, startOn: e.startOn, endOn: e.endOn ?? '', startReason: e.reason, endReason: e.endReason ?? '',
  };
}
