/**
 * One titer series per patient for the titer-vs-activity view: the levels of ONE
 * assay, never several assays pooled (docs/decisions/0015-small-sample-statistics.md).
 *
 * Why: × cut-off is not a common scale across assays (a line blot at 3 × cut-off and
 * an ELISA at 3 × cut-off are not the same amount of antibody), and the study's
 * within-patient association (rmcorr) reads a patient's change over time, which an
 * assay switch would fake. Before issue 16 the view took the highest level per day
 * across all the patient's assays (and analytes), so a day with a line blot and an
 * ELISA counted whichever read higher.
 *
 * Which assay: the one with the most titer days of the followed analyte (all
 * anti-Mi2 analytes for "any"); then the one measured most recently; then the lower
 * catalog id, so the choice never depends on row order. One level per day within it:
 * the highest (a repeat run the same day is one draw). The other assays' levels are
 * left out and counted, so the page can say how much was left out.
 */
import type { Dated } from '../timeline/correlation';

/** One assay's levels (× cut-off) for one patient, by date, one per day, oldest first. */
export interface AssayLevels {
  assayId: number;
  assayLabel: string;
  levels: Dated[];
}

export interface TiterSeries extends AssayLevels {
  /** The patient's other assays with levels of the analyte, left out. */
  otherAssays: number;
  /** Their titer days, left out. */
  otherLevels: number;
}

const lastDate = (a: AssayLevels) => a.levels[a.levels.length - 1]?.date ?? '';

/** The followed series of one patient, or null when no assay has a numeric level. */
export function followedSeries(byAssay: readonly AssayLevels[]): TiterSeries | null {
  const withLevels = byAssay.filter((a) => a.levels.length > 0);
  const [best] = [...withLevels].sort((a, b) => b.levels.length - a.levels.length || (lastDate(a) < lastDate(b) ? 1 : lastDate(a) > lastDate(b) ? -1 : 0) || a.assayId - b.assayId);
  if (!best) return null;
  const others = withLevels.filter((a) => a !== best);
  return { ...best, otherAssays: others.length, otherLevels: others.reduce((s, a) => s + a.levels.length, 0) };
}

/** What the one-assay rule left out across the patients, for the page and the CSV. */
export interface SeriesSummary {
  /** Patients with a titer series. */
  patients: number;
  /** Of them, patients whose levels from other assays were left out. */
  withOtherAssays: number;
  /** Titer days left out in all. */
  levelsLeftOut: number;
}

export function seriesSummary(series: Iterable<TiterSeries | null>): SeriesSummary {
  const out: SeriesSummary = { patients: 0, withOtherAssays: 0, levelsLeftOut: 0 };
  for (const s of series) {
    if (!s) continue;
    out.patients += 1;
    if (s.otherAssays > 0) out.withOtherAssays += 1;
    out.levelsLeftOut += s.otherLevels;
  }
  return out;
}
