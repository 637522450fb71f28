/**
 * `same-day-conflict` (info), per analyte (docs/clinical/signals.md): two or more
 * results of one analyte on the same day classify differently (a 3 and a 14 units, or
 * an ELISA negative beside a line blot positive). No direction is inferred from the
 * pair: the day reads as neither negative nor positive for every other rule
 * (./prepare.ts), and the tapering signal is withheld while a conflict after the
 * analyte's last positive result stands. The latest conflicting day is named; it
 * stays until one of the results is corrected or marked entered in error.
 */
import { ASSAY_AGREEMENT } from './evidence';
import { resultIds } from './format';
import type { PreparedData } from './prepare';
import { idsOf } from './series';
import { SIGNAL_LEVEL } from './levels';
import { conflictText } from './taper-blockers';
import type { Signal } from './types';

export function sameDayConflictSignals(data: PreparedData): Signal[] {
  const signals: Signal[] = [];
  for (const [analyte, points] of data.byAnalyte) {
    const day = points.filter((p) => p.conflict).at(-1);
    if (!day) continue;
    signals.push({
      code: 'same-day-conflict',
      level: SIGNAL_LEVEL['same-day-conflict'],
      analyte,
      since: day.date,
      resultIds: resultIds({ antibody: idsOf([day]) }),
      explanation: `${conflictText(analyte, day)}. No direction of change is read from them until one is corrected or marked entered in error.`,
      evidence: ASSAY_AGREEMENT,
    });
  }
  return signals;
}
