/**
 * The signal engine: pure and deterministic. The same rows (in any order, under any
 * ids), as-of date and settings give the same signals in the same order.
 * Rows entered in error and rows dated after `asOf` never count.
 */
import { isIsoDate } from '../dates';
import { assayChangeSignals } from './assay-change';
import { sameDayConflictSignals } from './conflict';
import { titerDecliningSignals } from './declining';
import { discordanceSignal } from './discordance';
import { normalizationSustainedSignals, titerNormalizedSignals } from './normalization';
import { prepareInput } from './prepare';
import { clinicalQuiescenceSignal } from './quiescence';
import { titerReriseSignals } from './rerise';
import { sortSignals } from './sort';
import { taperSignals } from './taper';
import { titerOverdueSignal } from './overdue';
import type { Signal, SignalInput, SignalSettings } from './types';

export function computeSignals(input: SignalInput, asOf: string, settings: SignalSettings): Signal[] {
  if (!isIsoDate(asOf)) throw new RangeError(`computeSignals: asOf must be an ISO date (YYYY-MM-DD), got "${asOf}"`);
  const data = prepareInput(input, asOf);
  const rerise = titerReriseSignals(data, settings);
  const maybe = [clinicalQuiescenceSignal(data, settings), discordanceSignal(data, settings), titerOverdueSignal(data, settings)].filter(
    (s): s is Signal => s !== null,
  );
  return sortSignals([
    ...titerDecliningSignals(data, settings, rerise),
    ...titerNormalizedSignals(data),
    ...normalizationSustainedSignals(data, settings),
    ...rerise,
    ...sameDayConflictSignals(data),
    ...assayChangeSignals(data),
    ...taperSignals(data, settings, rerise),
    ...maybe,
  ]);
}
