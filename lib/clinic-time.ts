/**
 * The clinic's calendar: every "today" of the product (dates not in the future, signal
 * windows, titer overdue, the demo's dates) is the date in the clinic's own time zone,
 * `TITERLINE_TIME_ZONE` (an IANA name such as "Europe/Madrid"), by default the server's.
 * A clinic in Sydney at 08:00 or in New York at 20:30 would get the wrong day from UTC.
 * No server-only import: the CLIs and the demo seed use it too.
 */
import { todayInZone } from './domain/dates';

let zone: string | undefined;

/** The clinic's IANA time zone; an unknown name stops the process with a clear message. */
export function clinicTimeZone(): string {
  if (zone !== undefined) return zone;
  const configured = process.env.TITERLINE_TIME_ZONE?.trim();
  const candidate = configured || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  try {
    todayInZone(new Date(), candidate);
  } catch {
    throw new Error(`TITERLINE_TIME_ZONE "${candidate}" is not a time zone this server knows; use an IANA name such as "Europe/Madrid" or "America/New_York".`);
  }
  zone = candidate;
  return zone;
}

const DAY_MS = 86_400_000;
let cached = { from: 0, until: 0, iso: '' };

/** The instant the clinic's day containing `now` ends (its next local midnight), checked. */
function endOfClinicDay(now: number, iso: string, timeZone: string): number {
  const wall = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    .formatToParts(new Date(now))
    .reduce((ms, p) => (p.type === 'hour' ? ms + Number(p.value) * 3_600_000 : p.type === 'minute' ? ms + Number(p.value) * 60_000 : p.type === 'second' ? ms + Number(p.value) * 1000 : ms), 0);
  const guess = now - (now % 1000) - wall + DAY_MS;
  // A daylight-saving change before midnight moves it by up to an hour: then recheck every second.
  const holds = todayInZone(new Date(guess - 1), timeZone) === iso && todayInZone(new Date(guess), timeZone) !== iso;
  return holds ? guess : now + 1000;
}

/**
 * Today in the clinic's time zone. Kept until the clinic's next midnight: an import asks
 * for it once per row, and formatting a date per row was a measurable share of it.
 */
export function clinicToday(now = Date.now()): string {
  if (now < cached.from || now >= cached.until) {
    const timeZone = clinicTimeZone();
    const iso = todayInZone(new Date(now), timeZone);
    cached = { from: now, until: endOfClinicDay(now, iso, timeZone), iso };
  }
  return cached.iso;
}

/** Forgets the configured zone and the cached day (tests that change TITERLINE_TIME_ZONE). */
export function resetClinicTime(): void {
  zone = undefined;
  cached = { from: 0, until: 0, iso: '' };
}
