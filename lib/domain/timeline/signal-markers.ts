/**
 * Stored signals on the time axis.
 * Source: docs/clinical/signals.md: "Each signal names the results that fired it,
 * says why in one sentence". A marker sits at the signal's `since` date; the rows
 * it names are ringed in their panels.
 */
import { signalTitle } from '../vocabulary';
import { isIsoDate } from '../dates';
import { dayMs } from './time';
import type { SignalMarker } from './types';

/** The part of a stored signal the timeline needs (the DAL's StoredSignal fits). */
export interface TimelineSignal {
  id: number;
  code: string;
  level: string;
  since: string;
  explanation: string;
  resultIds: { antibody: number[]; enzyme: number[]; visit: number[]; medication: number[] };
}

export interface SignalIdSets {
  antibody: Set<number>;
  enzyme: Set<number>;
  visit: Set<number>;
}

export { signalTitle };

/** One marker per signal with a readable `since` date, in date order. */
export function buildSignalMarkers(signals: readonly TimelineSignal[]): SignalMarker[] {
  return signals
    .filter((s) => isIsoDate(s.since))
    .map((s) => ({ id: s.id, code: s.code, title: signalTitle(s.code), level: s.level, date: s.since, x: dayMs(s.since), explanation: s.explanation }))
    .sort((a, b) => a.x - b.x || a.id - b.id);
}

/** Ids of every row named by any signal, per kind (for ringing points). */
export function signalIdSets(signals: readonly TimelineSignal[]): SignalIdSets {
  const sets: SignalIdSets = { antibody: new Set(), enzyme: new Set(), visit: new Set() };
  for (const s of signals) {
    for (const id of s.resultIds.antibody) sets.antibody.add(id);
    for (const id of s.resultIds.enzyme) sets.enzyme.add(id);
    for (const id of s.resultIds.visit) sets.visit.add(id);
  }
  return sets;
}
