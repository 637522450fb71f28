import type { Assay } from '@/db/schema';
import { ANALYTE_LABELS, unitLabel } from '@/lib/domain/vocabulary';

/** What the anti-Mi2 forms need to know of a catalog assay (plain data for client components). */
export interface AssayOption {
  id: number; name: string; lab: string; analyte: keyof typeof ANALYTE_LABELS; unit: string;
  cutoff: number | null; positiveFrom: number | null; strongAbove: number | null; qualitativeOnly: boolean; active: boolean;
  /** Dilution titers: the cut-off dilution itself is the first positive. */
  cutoffDilutionPositive: boolean;
}

export function assayOption(a: Assay): AssayOption {
  return {
    id: a.id, name: a.name, lab: a.lab, analyte: a.analyte, unit: a.unit, cutoff: a.cutoff, positiveFrom: a.positiveFrom,
    strongAbove: a.strongAbove, qualitativeOnly: a.qualitativeOnly, active: a.active, cutoffDilutionPositive: a.cutoffDilutionPositive,
  };
}

/** The option text: analyte, assay and lab (a closed <select> may cut it; assayDescription is never cut). */
export function assayOptionLabel(a: AssayOption): string {
  return `${ANALYTE_LABELS[a.analyte]} · ${a.name}${a.lab ? ` (${a.lab})` : ''}${a.active ? '' : ' (no longer in use)'}`;
}

/** The whole assay in words, shown under the select so a long name and lab are read in full. */
export function assayDescription(a: AssayOption): string {
  const reading = a.qualitativeOnly ? 'reports a category only' : `in ${unitLabel(a.unit)}, cut-off ${a.cutoff ?? 'not set'}`;
  return `${a.name} · ${a.lab || 'lab not named'} · anti-${ANALYTE_LABELS[a.analyte]} ${reading}`;
}
