/**
 * Reading prepared titer points (./prepare.ts) in an order that depends on what the rows
 * say, never on their ids: tie-breaks, each assay's run at the latest day, and the
 * trailing streak of a rule (docs/clinical/signals.md, "Order never matters").
 */
import type { TiterPoint } from './prepare';

/**
 * Last resort of every tie-break: what the two rows say, ids aside; ids decide only
 * between rows that say exactly the same (and are then the same evidence).
 */
export function byContent<T extends { id: number }>(a: T, b: T): number {
  const ka = JSON.stringify({ ...a, id: 0 });
  const kb = JSON.stringify({ ...b, id: 0 });
  return ka < kb ? -1 : ka > kb ? 1 : a.id - b.id;
}

/**
 * The trailing run of each assay with a result on the analyte's latest day (a trend
 * breaks at an assay change or a conflict). Another lab's result on that same day is
 * not a change of assay between earlier results and the latest, so it breaks no run:
 * a rise confirmed the same day by a second lab is still a rise (signals.md section 4).
 * Ordered by assay name, then what the latest results say, never by id.
 */
export function latestAssayRuns(points: readonly TiterPoint[]): TiterPoint[][] {
  const last = points[points.length - 1];
  if (!last || last.conflict) return [];
  const lastDay = points.filter((p) => p.date === last.date);
  return lastDay.map(({ result }) => {
    const run: TiterPoint[] = [];
    for (let i = points.length - 1; i >= 0; i -= 1) {
      const p = points[i] as TiterPoint;
      if (p.conflict) break;
      if (p.result.assayId === result.assayId) run.push(p);
      else if (p.date !== last.date) break;
    }
    return run.reverse();
  }).sort((a, b) => byAssayName(a.at(-1) as TiterPoint, b.at(-1) as TiterPoint));
}

/** Points of one day by assay name, then by what they say: never by id. */
export function byAssayName(a: TiterPoint, b: TiterPoint): number {
  const la = a.result.assayLabel;
  const lb = b.result.assayLabel;
  return la < lb ? -1 : la > lb ? 1 : byContent({ ...a.result, assayId: 0 }, { ...b.result, assayId: 0 });
}

/** Every result id of the points. */
export function idsOf(points: readonly TiterPoint[]): number[] {
  return points.flatMap((p) => p.results.map((r) => r.id));
}

/**
 * Index of the first point of the trailing streak in which `holds(k)` is true for
 * every k from it to the end, or -1 when it does not hold at the last index.
 * Used for `since`: the date a still-true condition became true.
 */
export function trailingStreakStart(length: number, holds: (k: number) => boolean, firstK = 0): number {
  if (length === 0 || !holds(length - 1)) return -1;
  let start = length - 1;
  while (start - 1 >= firstK && holds(start - 1)) start -= 1;
  return start;
}
