/**
 * Calendar dates <-> chart time, and the range selector's windows.
 * Dates stay ISO calendar days (lib/domain/dates.ts); the chart needs numbers.
 */
import { addDays, compare, dayNumberOf, daysBetween, parseIsoDate } from '../dates';
import type { RangeKey, TimelineExtent } from './types';

export const DAY_MS = 86_400_000;

/**
 * Epoch ms at 12:00 UTC of an ISO date. Noon, not midnight, so that formatting the
 * tick in the viewer's zone (UTC-11..UTC+11) never shows the previous or next day.
 */
export function dayMs(iso: string): number {
  // Day numbers are days since 1970-01-01, cached by lib/domain/dates (a timeline converts
  // the same dates many times); same value as Date.UTC(y, m - 1, d, 12).
  return dayNumberOf(iso) * DAY_MS + DAY_MS / 2;
}

/** The UTC calendar date of an epoch-ms instant (inverse of dayMs for whole days). */
export function isoOfMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The same day `years` earlier; 29 February falls back to 28 February. */
export function yearsBefore(iso: string, years: number): string {
  const d = parseIsoDate(iso);
  if (!d) throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): "${iso}"`);
  const year = Math.max(1, d.year - years);
  const day = d.month === 2 && d.day === 29 ? 28 : d.day;
  return `${String(year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Dates covered by a range choice: the last 1 or 5 years up to the extent's end
 * (today or later), or everything. Never starts after it ends.
 */
export function rangeWindow(key: RangeKey, extent: TimelineExtent): { from: string; to: string } {
  if (key === 'all') return { from: extent.start, to: extent.end };
  const from = yearsBefore(extent.end, key === '1y' ? 1 : 5);
  return { from, to: extent.end };
}

/**
 * The chart's x limits for a date window, padded so points at the edges are not
 * cut in half: 3% of the span each side, at least 15 days (a single date still
 * gets a readable month-wide axis).
 */
export function paddedMs(from: string, to: string): { min: number; max: number } {
  const span = Math.max(0, daysBetween(from, to));
  const pad = Math.max(15, Math.round(span * 0.03));
  return { min: dayMs(addDays(from, -pad)), max: dayMs(addDays(to, pad)) };
}

/** Inclusive test of an ISO date against an ISO window. */
export function inWindow(date: string, from: string, to: string): boolean {
  return compare(from, date) <= 0 && compare(date, to) <= 0;
}

/** Earliest and latest of a list of ISO dates (null when empty). */
export function dateExtent(dates: readonly string[]): { min: string; max: string } | null {
  let min: string | null = null;
  let max: string | null = null;
  for (const d of dates) {
    if (min === null || d < min) min = d;
    if (max === null || d > max) max = d;
  }
  return min !== null && max !== null ? { min, max } : null;
}
