/**
 * `assay-change` (info), per analyte (docs/clinical/signals.md).
 *
 * Decision: reports the MOST RECENT change of assay between consecutive results of
 * the analyte (by assay id), however long ago, because every trend drawn across it
 * breaks there. It stays until acknowledged; a newer change replaces it (new
 * `since` and ids), which makes it fire again.
 */
import { analyteLabel, resultIds, titerOn } from './format';
import { ASSAY_AGREEMENT } from './evidence';
import { idsOf, type PreparedData } from './prepare';
import { SIGNAL_LEVEL } from './levels';
import type { Signal } from './types';

export function assayChangeSignals(data: PreparedData): Signal[] {
  const signals: Signal[] = [];
  for (const [analyte, points] of data.byAnalyte) {
    // Same-day conflicts are skipped: their assays are named by same-day-conflict.
    const clear = points.filter((p) => !p.conflict);
    let i = clear.length - 1;
    while (i > 0 && clear[i - 1]?.result.assayId === clear[i]?.result.assayId) i -= 1;
    const before = clear[i - 1];
    const after = clear[i];
    if (!before || !after) continue;
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
