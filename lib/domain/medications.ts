/**
 * Treatment: drug catalog and dose epochs.
 * Source: docs/clinical/treatment.md ("Treatment"). A regimen is a series of dose
 * epochs; a taper is a sequence of epochs with falling doses; stopping is an epoch
 * end with a reason. One epoch = one FHIR MedicationStatement.
 *
 * Date convention: `endOn` is the LAST DAY THE DOSE WAS TAKEN (inclusive). An epoch
 * ending 2024-03-10 is active on 2024-03-10; a following epoch of the same drug
 * starts 2024-03-11 at the earliest (an epoch starting on 2024-03-10 overlaps).
 * Forms that change a dose should prefill the old epoch's end as the new start - 1.
 */
import { compare, dayNumberOf, isIsoDate } from './dates';
import type { DrugClass, MedicationEpoch } from './types';

export interface DrugInfo {
  key: string;
  label: string;
  drugClass: DrugClass;
  /**
   * Counts as immunosuppression (docs/clinical/treatment.md: hydroxychloroquine does
   * not). null for "other": the user must say when entering the epoch.
   */
  immunosuppressant: boolean | null;
  defaultUnit: string;
  defaultRoute: string;
  defaultFrequency: string;
  /**
   * Pulse therapies given intravenously (rituximab, IVIG, IV cyclophosphamide,
   * methylprednisolone pulses): the days one infusion covers, counting its own day, i.e.
   * its usual dosing interval (lib/domain/treatment-coverage.ts). A site setting can
   * change it per drug. Absent for drugs taken continuously.
   */
  pulseCoverageDays?: number;
}

/** Drugs used in dermatomyositis (docs/clinical/treatment.md). Defaults are form prefills only. */
export const DRUG_CATALOG: readonly DrugInfo[] = [
  { key: 'prednisone', label: 'Prednisone', drugClass: 'glucocorticoid', immunosuppressant: true, defaultUnit: 'mg', defaultRoute: 'oral', defaultFrequency: 'daily' },
  { key: 'methylprednisolone', label: 'Methylprednisolone', drugClass: 'glucocorticoid', immunosuppressant: true, defaultUnit: 'mg', defaultRoute: 'iv', defaultFrequency: 'daily', pulseCoverageDays: 28 },
  { key: 'methotrexate', label: 'Methotrexate', drugClass: 'antimetabolite', immunosuppressant: true, defaultUnit: 'mg', defaultRoute: 'oral', defaultFrequency: 'weekly' },
  { key: 'azathioprine', label: 'Azathioprine', drugClass: 'antimetabolite', immunosuppressant: true, defaultUnit: 'mg', defaultRoute: 'oral', defaultFrequency: 'daily' },
  { key: 'mycophenolate-mofetil', label: 'Mycophenolate mofetil', drugClass: 'antimetabolite', immunosuppressant: true, defaultUnit: 'mg', defaultRoute: 'oral', defaultFrequency: 'twice daily' },
  { key: 'tacrolimus', label: 'Tacrolimus', drugClass: 'calcineurin-inhibitor', immunosuppressant: true, defaultUnit: 'mg', defaultRoute: 'oral', defaultFrequency: 'twice daily' },
  { key: 'cyclosporine', label: 'Cyclosporine', drugClass: 'calcineurin-inhibitor', immunosuppressant: true, defaultUnit: 'mg', defaultRoute: 'oral', defaultFrequency: 'twice daily' },
  { key: 'ivig', label: 'IVIG (intravenous immunoglobulin)', drugClass: 'immunoglobulin', immunosuppressant: true, defaultUnit: 'g/kg', defaultRoute: 'iv', defaultFrequency: 'every 4 weeks', pulseCoverageDays: 28 },
  { key: 'rituximab', label: 'Rituximab', drugClass: 'anti-cd20', immunosuppressant: true, defaultUnit: 'mg', defaultRoute: 'iv', defaultFrequency: 'per course', pulseCoverageDays: 183 },
  { key: 'cyclophosphamide', label: 'Cyclophosphamide (IV)', drugClass: 'alkylating-agent', immunosuppressant: true, defaultUnit: 'mg', defaultRoute: 'iv', defaultFrequency: 'every 4 weeks', pulseCoverageDays: 28 },
  { key: 'hydroxychloroquine', label: 'Hydroxychloroquine', drugClass: 'antimalarial', immunosuppressant: false, defaultUnit: 'mg', defaultRoute: 'oral', defaultFrequency: 'daily' },
  { key: 'other', label: 'Other', drugClass: 'other', immunosuppressant: null, defaultUnit: 'mg', defaultRoute: 'oral', defaultFrequency: 'daily' },
];

/** Catalog entry by key or label (case- and space-insensitive), or undefined. */
export function findDrug(keyOrLabel: string): DrugInfo | undefined {
  const n = normalizeDrug(keyOrLabel);
  return DRUG_CATALOG.find((d) => d.key === n || normalizeDrug(d.label) === n);
}

/** Reasons for a dose change (docs/clinical/treatment.md). */
export const CHANGE_REASONS = [
  { key: 'started', label: 'Started' },
  { key: 'increased', label: 'Increased' },
  { key: 'tapered', label: 'Tapered' },
  { key: 'stopped', label: 'Stopped' },
  { key: 'side-effect', label: 'Side effect' },
  { key: 'ineffective', label: 'Ineffective' },
  { key: 'remission', label: 'Remission' },
  // A planned course given in full (a rituximab cycle, IVIG, IV cyclophosphamide).
  { key: 'course-completed', label: 'Course completed' },
  { key: 'other', label: 'Other' },
] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number]['key'];

/** True when `value` is one of the CHANGE_REASONS keys. */
export function isChangeReason(value: string): value is ChangeReason {
  return CHANGE_REASONS.some((r) => r.key === value);
}

/** Drug name for comparisons: trimmed, lower case, inner spaces collapsed. */
export function normalizeDrug(drug: string): string {
  return drug.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * True when two stored drug names denote the same drug: a catalog key and its
 * label match ("mycophenolate-mofetil" = "Mycophenolate mofetil"); other names
 * (free text for "other" drugs) compare via normalizeDrug.
 */
export function sameDrug(a: string, b: string): boolean {
  const identity = (d: string): string => {
    const hit = findDrug(d);
    return hit && hit.key !== 'other' ? hit.key : normalizeDrug(d);
  };
  return identity(a) === identity(b);
}

type EpochSpan = Pick<MedicationEpoch, 'drug' | 'startOn' | 'endOn'>;

/** Both ends inclusive; a null end is ongoing. */
function spansOverlap(a: EpochSpan, b: EpochSpan): boolean {
  const aEndsBeforeB = a.endOn !== null && compare(a.endOn, b.startOn) < 0;
  const bEndsBeforeA = b.endOn !== null && compare(b.endOn, a.startOn) < 0;
  return !aEndsBeforeB && !bEndsBeforeA;
}

/**
 * True when two epochs of the SAME drug share at least one day (docs/clinical/README.md
 * section 6). End dates are inclusive (last day taken), a null end is ongoing;
 * epochs of different drugs never overlap. Drug names compare via sameDrug.
 */
export function epochsOverlap(a: EpochSpan, b: EpochSpan): boolean {
  return sameDrug(a.drug, b.drug) && spansOverlap(a, b);
}

/** True when the epoch covers `date` (start and end inclusive). */
export function isActiveOn(epoch: Pick<MedicationEpoch, 'startOn' | 'endOn'>, date: string): boolean {
  return compare(epoch.startOn, date) <= 0 && (epoch.endOn === null || compare(date, epoch.endOn) <= 0);
}

/**
 * isActiveOn for many dates at once: a predicate on day numbers (lib/domain/dates
 * dayNumberOf), the epoch's dates parsed once. The flowsheet checks every epoch
 * against every date of 20 years.
 */
export function activeOnDay(epoch: Pick<MedicationEpoch, 'startOn' | 'endOn'>): (day: number) => boolean {
  const first = dayNumberOf(epoch.startOn);
  const last = epoch.endOn === null ? Infinity : dayNumberOf(epoch.endOn);
  return (day) => day >= first && day <= last;
}

/**
 * Epochs active on `date` (start <= date <= end, end inclusive, null end ongoing),
 * ignoring epochs entered in error. docs/clinical/treatment.md.
 */
export function activeEpochsOn<E extends Pick<MedicationEpoch, 'startOn' | 'endOn' | 'enteredInError'>>(
  epochs: readonly E[],
  date: string,
): E[] {
  return epochs.filter((e) => !e.enteredInError && isActiveOn(e, date));
}

/**
 * True when at least one active epoch on `date` is an immunosuppressant
 * (hydroxychloroquine is not; docs/clinical/treatment.md). Feeds the "on at least one
 * immunosuppressant now" condition of `taper-discussion` (section 7).
 */
export function onImmunosuppressantOn(
  epochs: readonly Pick<MedicationEpoch, 'startOn' | 'endOn' | 'enteredInError' | 'immunosuppressant'>[],
  date: string,
): boolean {
  return activeEpochsOn(epochs, date).some((e) => e.immunosuppressant);
}

export type EpochInput = Pick<MedicationEpoch, 'drug' | 'dose' | 'startOn' | 'endOn'> & { id?: number };
export type ExistingEpoch = Pick<MedicationEpoch, 'id' | 'drug' | 'startOn' | 'endOn' | 'enteredInError'>;

/**
 * Validates a new or edited epoch against the patient's other epochs
 * (docs/clinical/treatment.md): drug named, dose > 0, valid ISO dates, end not
 * before start (a one-day epoch has end = start), and no overlap with another
 * epoch of the same drug. Epochs entered in error and the epoch itself (same id)
 * (and stored epochs with unreadable dates) are ignored. Returns messages; empty
 * when valid.
 */
export function validateEpoch(epoch: EpochInput, existing: readonly ExistingEpoch[]): string[] {
  const messages: string[] = [];
  if (normalizeDrug(epoch.drug) === '') messages.push('Choose a drug.');
  if (!Number.isFinite(epoch.dose) || epoch.dose <= 0) messages.push('Dose must be greater than 0.');
  const startOk = isIsoDate(epoch.startOn);
  const endOk = epoch.endOn === null || isIsoDate(epoch.endOn);
  if (!startOk) messages.push('Start date must be a valid date (YYYY-MM-DD).');
  if (!endOk) messages.push('End date must be a valid date (YYYY-MM-DD).');
  if (!startOk || !endOk) return messages;
  if (epoch.endOn !== null && compare(epoch.endOn, epoch.startOn) < 0) {
    messages.push('End date is before the start date.');
    return messages;
  }
  for (const other of existing) {
    if (other.enteredInError || (epoch.id !== undefined && other.id === epoch.id)) continue;
    if (!isIsoDate(other.startOn) || (other.endOn !== null && !isIsoDate(other.endOn))) continue;
    if (epochsOverlap(epoch, other)) {
      messages.push(
        `Overlaps another ${other.drug} epoch (${other.startOn} to ${other.endOn ?? 'ongoing'}); ` +
          'end dates are the last day taken.',
      );
    }
  }
  return messages;
}
