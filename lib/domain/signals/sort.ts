/** Display order of signals. */
import { SIGNAL_CODES, SIGNAL_LEVELS, type Signal } from './types';
import { ANALYTES } from '../types';

/**
 * By level (action, warning, info), then newest `since` first, then code (table
 * order of docs/clinical/signals.md), then analyte. Returns a new array.
 */
export function sortSignals(signals: readonly Signal[]): Signal[] {
  const rank = <T>(list: readonly T[], item: T | undefined): number => (item === undefined ? -1 : list.indexOf(item));
  return [...signals].sort(
    (a, b) =>
      rank(SIGNAL_LEVELS, a.level) - rank(SIGNAL_LEVELS, b.level) ||
      (a.since === b.since ? 0 : a.since > b.since ? -1 : 1) ||
      rank(SIGNAL_CODES, a.code) - rank(SIGNAL_CODES, b.code) ||
      rank(ANALYTES, a.analyte) - rank(ANALYTES, b.analyte),
  );
}
