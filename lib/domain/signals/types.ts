/**
 * Shapes of the decision-support signal engine (docs/clinical/signals.md).
 * Plain data only; the engine is in ./compute.ts.
 */
import type { DrugCoverageDays } from '../treatment-coverage';
import type { Analyte, AntibodyResult, EnzymeResult, MedicationEpoch, Visit } from '../types';

/** The signals of docs/clinical/signals.md, in the order of its table. */
export const SIGNAL_CODES = [
  'titer-declining',
  'titer-normalized',
  'normalization-sustained',
  'clinical-quiescence',
  'taper-discussion',
  'taper-withheld',
  'titer-rerise',
  'same-day-conflict',
  'discordance',
  'assay-change',
  'titer-overdue',
] as const;
export type SignalCode = (typeof SIGNAL_CODES)[number];

/** action > warning > info (see sortSignals). */
export const SIGNAL_LEVELS = ['action', 'warning', 'info'] as const;
export type SignalLevel = (typeof SIGNAL_LEVELS)[number];

export interface SignalEvidence {
  citation: string;
  doi?: string;
  url?: string;
}

/** Ids of the rows that fired a signal, each list ascending and without duplicates. */
export interface SignalResultIds {
  antibody: number[];
  enzyme: number[];
  visit: number[];
  medication: number[];
}

export interface Signal {
  code: SignalCode;
  level: SignalLevel;
  /** Set for per-analyte signals; absent for patient-level ones. */
  analyte?: Analyte;
  /** ISO date (YYYY-MM-DD) on which the signal's condition became true. */
  since: string;
  resultIds: SignalResultIds;
  /** One plain sentence with the numbers; decision support, never an instruction. */
  explanation: string;
  evidence: SignalEvidence;
}

export interface SignalInput {
  antibodyResults: readonly AntibodyResult[];
  enzymeResults: readonly EnzymeResult[];
  visits: readonly Visit[];
  medications: readonly MedicationEpoch[];
  /**
   * A positive anti-Mi2 result known from outside the recorded results (e.g. at
   * diagnosis elsewhere). Only used by `titer-overdue`: normalization signals need a
   * recorded positive result of the same analyte so they can name it.
   */
  hasPositiveHistory?: boolean;
}

/** Site settings with numeric values (defaults and ranges in ./settings.ts). */
export interface NumericSignalSettings {
  /** titer-declining: how many latest results of one analyte and assay are looked at. */
  decliningMinResults: number;
  /** titer-declining (slope rule): latest must be at least this fraction below the peak. */
  declineFromPeakFraction: number;
  /** normalization-sustained: minimum consecutive negative results of one assay. */
  normalizationMinNegatives: number;
  /** normalization-sustained: minimum days from first to last of those negatives. */
  normalizationMinSpanDays: number;
  /** taper-discussion: the latest negative titer at most this many months before today. */
  taperTiterMaxAgeMonths: number;
  /** clinical-quiescence: muscle enzymes measured within this many months before today. */
  enzymeWindowMonths: number;
  /** clinical-quiescence: the latest complete MMT-8 within this many months before today. */
  mmtWindowMonths: number;
  /** Near-full strength: MMT-8 total / maximum at or above this fraction. */
  mmtFraction: number;
  /** discordance: CK and MMT-8 count as "at the same time" within this many days of the titer. */
  discordanceWindowDays: number;
  /** titer-rerise: a rise to at least this multiple of the nadir (in x cut-off). */
  reriseFactor: number;
  /** titer-rerise, dilution titers: a rise of at least this many doubling dilutions. */
  reriseDilutionSteps: number;
  /** titer-overdue: calendar months without a titer after which a positive patient is overdue. */
  overdueIntervalMonths: number;
  /** Treatment: gaps shorter than this many days between immunosuppressants are continuous. */
  treatmentGapDays: number;
}

/** Site settings (docs/clinical/signals.md; defaults in ./settings.ts). */
export interface SignalSettings extends NumericSignalSettings {
  /** Per catalog drug: days one dose covers when its frequency does not say (pulse therapies). */
  drugCoverageDays: DrugCoverageDays;
}
