import { activeEpochsOn } from '@/lib/domain/medications';

type EpochLike = { id: number; startOn: string; endOn: string | null; enteredInError: boolean };

/** The epoch's latest event: its stop when it ended, else its start. */
const lastEvent = (e: EpochLike) => (e.endOn !== null && e.endOn > e.startOn ? e.endOn : e.startOn);

/**
 * The collapsed medication list: every epoch still taken today (ongoing, or stopped
 * with today as its last day: exactly what Current treatment lists) plus the `limit`
 * most recent by their latest event, a stop counting as an event, so a drug just
 * stopped stays visible with its end date and reason. Still in drug-then-start order
 * so each taper keeps reading top to bottom.
 */
export function recentEpochs<E extends EpochLike>(all: E[], today: string, limit: number): E[] {
  const byRecency = [...all].sort((a, b) => (lastEvent(a) < lastEvent(b) ? 1 : lastEvent(a) > lastEvent(b) ? -1 : b.id - a.id));
  const recent = new Set(byRecency.slice(0, limit).map((e) => e.id));
  const takenToday = new Set(activeEpochsOn(all, today).map((e) => e.id));
  return all.filter((e) => recent.has(e.id) || takenToday.has(e.id));
}
