import 'server-only';
import type { PatientRange } from '../domain/reference-range';
import type { EnzymeAnalyte } from '../domain/types';
import { loadPatientRange } from './enzyme-results';

interface RangedValues { analyte: EnzymeAnalyte; collectedOn: string; lowerLimitUL: number | null; upperLimitUL: number; rangeSource: string }

/**
 * The latest lab range of each patient and enzyme while an import judges its rows, as
 * if the rows were entered one by one in file order (what single entry would give):
 * the patient's stored results (read once per patient and enzyme, only when a row
 * leaves its range empty) and the rows of the file judged so far whose range came
 * from the lab, the later by collection date winning (a file row on the same day
 * counts as entered later). No allocation per row: the file's latest is the row's
 * own values object.
 */
export function importRanges() {
  const stored = new Map<number, Partial<Record<EnzymeAnalyte, PatientRange | null>>>();
  const fromFile = new Map<number, Partial<Record<EnzymeAnalyte, RangedValues>>>();
  return {
    /** The range an empty entry of this patient and enzyme takes now (lib/domain/reference-range.ts resolveReferenceRange). */
    latest(patientId: number, analyte: EnzymeAnalyte): PatientRange | null {
      let mine = stored.get(patientId);
      if (!mine) stored.set(patientId, (mine = {}));
      let s = mine[analyte];
      if (s === undefined) mine[analyte] = s = loadPatientRange(patientId, analyte);
      const f = fromFile.get(patientId)?.[analyte];
      if (!f || (s && s.collectedOn > f.collectedOn)) return s;
      return { collectedOn: f.collectedOn, lowerUL: f.lowerLimitUL, upperUL: f.upperLimitUL };
    },
    /** Notes a judged row: a range from its lab becomes the patient's latest when it is the latest so far. */
    note(patientId: number, v: RangedValues): void {
      if (v.rangeSource !== 'lab') return;
      let mine = fromFile.get(patientId);
      if (!mine) fromFile.set(patientId, (mine = {}));
      const had = mine[v.analyte];
      if (!had || v.collectedOn >= had.collectedOn) mine[v.analyte] = v;
    },
  };
}
