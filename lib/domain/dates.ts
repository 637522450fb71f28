/**
 * ISO calendar dates (YYYY-MM-DD) as plain strings.
 *
 * Clinical dates in Titerline (collection dates, visit dates, dose epochs) are
 * calendar days without a time zone (see lib/domain/types.ts). All arithmetic here
 * is pure integer arithmetic on the proleptic Gregorian calendar, so there are no
 * daylight-saving or local-time-zone surprises. Valid years are 0001-9999 (the
 * range a four-digit ISO year can express).
 *
 * Functions that take dates throw a RangeError on a malformed or impossible date;
 * validate user input with {@link isIsoDate} first.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const DASH = 0x2d;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/** Gregorian leap year rule (ISO 8601 proleptic Gregorian calendar). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1-12) of `year` (ISO 8601 proleptic Gregorian calendar). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The ASCII digits value[from, from + n) as a number; -1 if any is not a digit 0-9. */
function digitsAt(value: string, from: number, n: number): number {
  let out = 0;
  for (let i = from; i < from + n; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    out = out * 10 + d;
  }
  return out;
}

/**
 * Parses a strict ISO 8601 calendar date (YYYY-MM-DD, no time, no zone).
 * Returns null for anything else, including impossible dates such as 2024-02-30,
 * 2023-02-29 or year 0000.
 */
export function parseIsoDate(value: string): CalendarDate | null {
  // Read by character code, not with a regular expression: an import checks every
  // row's date, and a match array with three substrings per call was a measurable
  // share of its garbage (docs/performance.md). tests/unit/dates.test.ts checks it
  // against the pattern /^(\d{4})-(\d{2})-(\d{2})$/ on generated strings.
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return null;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/**
 * True when `value` is a strict, existing ISO 8601 calendar date (YYYY-MM-DD).
 * Rejects 2024-02-30, 2023-02-29, 2024-13-01, "2024-1-5", timestamps and padding.
 * Source: lib/domain/types.ts (dates are ISO calendar dates).
 */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && parseIsoDate(value) !== null;
}

function mustParse(value: string): CalendarDate {
  const parsed = parseIsoDate(value);
  if (!parsed) throw new RangeError(`Not an ISO calendar date (YYYY-MM-DD): "${value}"`);
  return parsed;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil, exact integer arithmetic). */
function toDayNumber({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of toDayNumber (H. Hinnant's civil_from_days). */
function fromDayNumber(dayNumber: number): CalendarDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/**
 * Day numbers of dates already parsed. A timeline compares the same few hundred
 * dates tens of thousands of times (the flowsheet checks every dose epoch against
 * every date; signals sort and window series), and parsing each time was most of
 * the patient page's server time (docs/performance.md). Only valid dates enter; the
 * cache is cleared when it reaches its bound, so a long-running server cannot grow it.
 */
const dayNumbers = new Map<string, number>();
const DAY_NUMBER_CACHE = 50_000;

/** Days since 1970-01-01 of a valid ISO date (cached); throws a RangeError on anything else. */
export function dayNumberOf(date: string): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = toDayNumber(mustParse(date));
    if (dayNumbers.size >= DAY_NUMBER_CACHE) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Formats a calendar date as YYYY-MM-DD; throws a RangeError outside years 0001-9999. */
export function formatIsoDate({ year, month, day }: CalendarDate): string {
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year ${year} is outside 0001-9999`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * Signed number of calendar days from `a` to `b` (b - a): positive when `b` is
 * later, 0 on the same day. daysBetween('2024-02-28', '2024-03-01') === 2.
 */
export function daysBetween(a: string, b: string): number {
  return dayNumberOf(b) - dayNumberOf(a);
}

/**
 * The calendar date `days` days after `date` (negative = before).
 * `days` must be an integer; throws a RangeError when the result leaves 0001-9999.
 */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`addDays needs whole days, got ${days}`);
  return formatIsoDate(fromDayNumber(dayNumberOf(date) + days));
}

/**
 * Three-way comparison of two ISO dates for Array.prototype.sort:
 * -1 when a is earlier, 0 when equal, 1 when a is later.
 */
export function compare(a: string, b: string): -1 | 0 | 1 {
  const d = daysBetween(b, a);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/**
 * The date `months` calendar months after `date` (negative = before), the day clamped
 * to the end of a shorter month: 2024-01-31 + 1 month = 2024-02-29, 2024-02-29 + 12
 * months = 2025-02-28. "12 months" then means a calendar year whatever the leap days
 * (an interval in days would fire a day early across 29 February).
 */
export function addMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`addMonths needs whole months, got ${months}`);
  const { year, month, day } = mustParse(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatIsoDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/**
 * The calendar date in `timeZone` (an IANA name such as "Australia/Sydney") at the
 * instant `now`: a clinic's "today". At 08:00 in Sydney it is still yesterday in UTC,
 * and at 20:30 in New York it is already tomorrow. Throws a RangeError for an invalid
 * Date or an unknown zone.
 */
export function todayInZone(now: Date, timeZone: string): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('todayInZone: invalid Date');
  const parts = zoneFormatter(timeZone).formatToParts(now);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return formatIsoDate({ year: get('year'), month: get('month'), day: get('day') });
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = zoneFormatters.get(timeZone);
  if (!f) {
    // Throws a RangeError for a zone name the runtime does not know.
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' });
    zoneFormatters.set(timeZone, f);
  }
  return f;
}

/**
 * Today's calendar date in UTC for the instant `now` (the caller supplies the
 * clock so the function stays pure). A clinic that needs local dates converts
 * before calling. Throws a RangeError for an invalid Date.
 */
export function todayIso(now: Date): string {
  if (Number.isNaN(now.getTime())) throw new RangeError('todayIso: invalid Date');
  return formatIsoDate({
    year: now.getUTCFullYear(),
    month: now.getUTCMonth() + 1,
    day: now.getUTCDate(),
  });
}

/**
 * Age in whole completed years on date `on` for someone born on `birth`.
 * A 29 February birthday is reached on 1 March in common years (the age changes
 * on the first day that is not before the birthday). Returns null when `on` is
 * before `birth`.
 */
export function ageOn(birth: string, on: string): number | null {
  const b = mustParse(birth);
  const o = mustParse(on);
  if (compare(on, birth) < 0) return null;
  const hadBirthday = o.month > b.month || (o.month === b.month && o.day >= b.day);
  return o.year - b.year - (hadBirthday ? 0 : 1);
}

/**
 * Oldest first by an ISO date, then by id (entry order on the same day): the order in
 * which the product reads a patient's rows. Plain comparisons: a sort of a long record
 * calls it thousands of times.
 */
export function byDateThenId<T extends { id: number }>(dateOf: (row: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const da = dateOf(a);
    const db = dateOf(b);
    if (da !== db) return da < db ? -1 : 1;
    return a.id - b.id;
  };
}
