/**
 * MMT-8 panel.
 * Source: docs/clinical/strength.md: total 0-80 (unilateral) or 0-150 (bilateral);
 * "A total needs all groups of its version; a partial exam shows as partial, never
 * as a low total". Complete totals are joined per version; partial exams get a
 * marker in their own lane under 0 and are never joined or drawn as a level.
 * The near-full line is the 95% of maximum of `clinical-quiescence` (section 7).
 */
import { mmtMax, mmtTotal } from '../mmt';
import { MMT_VERSIONS, type MmtVersion, type Visit } from '../types';
import { dayMs } from './time';
import type { MmtPanel, MmtPoint, MmtSeries } from './types';

const VERSION_LABEL: Readonly<Record<MmtVersion, string>> = {
  unilateral: 'MMT-8 total (0–80)',
  bilateral: 'MMT bilateral total (0–150)',
};

/** Near-full strength: >= 95% of the maximum (docs/clinical/signals.md, 76/80). */
export const NEAR_FULL_FRACTION = 0.95;

export function liveVisits(visits: readonly Visit[]): Visit[] {
  return visits.filter((v) => !v.enteredInError)
    .sort((a, b) => (a.visitOn < b.visitOn ? -1 : a.visitOn > b.visitOn ? 1 : a.id - b.id));
}

/** "72/80" for a complete exam, "partial: 6 of 8 groups tested" otherwise. */
export function mmtText(total: number | null, max: number, tested: number, required: number): string {
  return total !== null ? `${total}/${max}` : `partial: ${tested} of ${required} tested`;
}

/**
 * Builds the MMT panel from live visits with an MMT version. The y axis runs to
 * the largest maximum among the versions present (80 unless a bilateral exam
 * exists); the partial lane sits 6% of that under 0.
 */
export function buildMmtPanel(visits: readonly Visit[], signalIds: ReadonlySet<number>): MmtPanel {
  const exams = liveVisits(visits).filter((v): v is Visit & { mmtVersion: MmtVersion } => v.mmtVersion !== null);
  const present = MMT_VERSIONS.filter((ver) => exams.some((v) => v.mmtVersion === ver));
  const yMax = Math.max(mmtMax('unilateral'), ...present.map(mmtMax));
  const partialLaneY = -0.06 * yMax;
  const series: MmtSeries[] = [];
  const partial: MmtPoint[] = [];
  for (const version of present) {
    const points: MmtPoint[] = [];
    for (const v of exams.filter((e) => e.mmtVersion === version)) {
      const t = mmtTotal(version, v.mmtGrades);
      const p: MmtPoint = {
        id: v.id, date: v.visitOn, x: dayMs(v.visitOn), y: t.total ?? partialLaneY, version, total: t.total, max: t.max,
        tested: t.tested, required: t.required, label: mmtText(t.total, t.max, t.tested, t.required), signal: signalIds.has(v.id),
      };
      if (t.complete) points.push(p);
      else partial.push(p);
    }
    if (points.length) series.push({ version, label: VERSION_LABEL[version], max: mmtMax(version), points });
  }
  partial.sort((a, b) => a.x - b.x || a.id - b.id);
  const nearFullOf = series[0]?.max ?? yMax;
  return { series, partial, yMax, partialLaneY, nearFull: Math.ceil(nearFullOf * NEAR_FULL_FRACTION) };
}
