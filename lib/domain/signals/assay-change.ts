/**
 * `assay-change` (info), per analyte (docs/clinical/signals.md).
 *
 * Decision: reports the MOST RECENT change of assay between consecutive days of results
 * of the analyte (an assay the day before did not have), however long ago, because every trend drawn across it
 * breaks there. It stays until acknowledged; a newer change replaces it (new
 * `since` and ids), which makes it fire again.
 */
import { analyteLabel, resultIds, titerOn } from './format';
import { ASSAY_AGREEMENT } from './evidence';
import type { PreparedData, TiterPoint } from './prepare';
import { idsOf } from './series';
import { SIGNAL_LEVEL } from './levels';
import type { Signal } from './types';

/**
 * The latest day with a result of an assay the day before it did not have (two labs on
 * one day are not a change between them; a second lab joining is). Named by assay,
 * never by id: the first of each day by assay name.
 */
function latestChange(points: readonly TiterPoint[]): { before: TiterPoint; after: TiterPoint } | null {
  const days: TiterPoint[][] = [];
  for (const p of points) {
    const day = days.at(-1);
    if (day && day[0]?.date === p.date) day.push(p);
    else days.push([p]);
  }
  const byName = (a: TiterPoint, b: TiterPoint) => (a.result.assayLabel < b.result.assayLabel ? -1 : a.result.assayLabel > b.result.assayLabel ? 1 : 0);
  for (let k = days.length - 1; k > 0; k -= 1) {
    const earlier = days[k - 1] as TiterPoint[];
    const had = new Set(earlier.map((p) => p.result.assayId));
    const after = (days[k] as TiterPoint[]).filter((p) => !had.has(p.result.assayId)).sort(byName)[0];
    if (after) return { before: [...earlier].sort(byName)[0] as TiterPoint, after };
  }
  return null;
}

export function assayChangeSignals(data: PreparedData): Signal[] {
  const signals: Signal[] = [];
  for (const [analyte, points] of data.byAnalyte) {
    // Same-day conflicts are skipped: their assays are named by same-day-conflict.
    const change = latestChange(points.filter((p) => !p.conflict));
    if (!change) continue;
    const { before, after } = change;
    signals.push({
      code: 'assay-change',
      level: SIGNAL_LEVEL['assay-change'],
      analyte,
      since: after.date,
      resultIds: resultIds({ antibody: idsOf([before, after]) }),
      explanation:
        `${analyteLabel(analyte)} changed assay from ${before.result.assayLabel} (${titerOn(before)}) ` +
        `to ${after.result.assayLabel} (${titerOn(after)}): levels on either side are not directly comparable.`,
      evidence: ASSAY_AGREEMENT,
    });
  }
  return signals;
}
