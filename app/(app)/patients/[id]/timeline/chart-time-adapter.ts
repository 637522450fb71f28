/**
 * Chart.js's date adapter for the timeline panels: chartjs-adapter-date-fns's methods,
 * less its `parse` of formatted strings. That import brought all of date-fns's format
 * parsers (the largest part of date-fns in the chart chunk) into the code every record
 * evaluates before drawing (issue 24). The panels give Chart.js times as numbers (ms)
 * and set no `time.parser`; an ISO string is still read (parseISO). Ticks and their
 * labels are the same as with the package (same date-fns functions and formats).
 */
import { _adapters, type TimeUnit } from 'chart.js';
import {
  addDays, addHours, addMilliseconds, addMinutes, addMonths, addQuarters, addSeconds, addWeeks, addYears,
  differenceInDays, differenceInHours, differenceInMilliseconds, differenceInMinutes, differenceInMonths, differenceInQuarters,
  differenceInSeconds, differenceInWeeks, differenceInYears, endOfDay, endOfHour, endOfMinute, endOfMonth, endOfQuarter, endOfSecond,
  endOfWeek, endOfYear, format, isValid, parseISO, startOfDay, startOfHour, startOfMinute, startOfMonth, startOfQuarter, startOfSecond,
  startOfWeek, startOfYear, toDate,
} from 'date-fns';

const FORMATS = {
  datetime: 'MMM d, yyyy, h:mm:ss aaaa',
  millisecond: 'h:mm:ss.SSS aaaa',
  second: 'h:mm:ss aaaa',
  minute: 'h:mm aaaa',
  hour: 'ha',
  day: 'MMM d',
  week: 'PP',
  month: 'MMM yyyy',
  quarter: 'qqq - yyyy',
  year: 'yyyy',
};

type Time = number | Date;
type Unit = TimeUnit | 'isoWeek';

const ADD: Record<TimeUnit, (t: Time, n: number) => Date> = {
  millisecond: addMilliseconds, second: addSeconds, minute: addMinutes, hour: addHours, day: addDays,
  week: addWeeks, month: addMonths, quarter: addQuarters, year: addYears,
};
const DIFF: Record<TimeUnit, (a: Time, b: Time) => number> = {
  millisecond: differenceInMilliseconds, second: differenceInSeconds, minute: differenceInMinutes, hour: differenceInHours,
  day: differenceInDays, week: differenceInWeeks, month: differenceInMonths, quarter: differenceInQuarters, year: differenceInYears,
};
const START: Partial<Record<TimeUnit, (t: Time) => Date>> = {
  second: startOfSecond, minute: startOfMinute, hour: startOfHour, day: startOfDay, week: startOfWeek,
  month: startOfMonth, quarter: startOfQuarter, year: startOfYear,
};
const END: Partial<Record<TimeUnit, (t: Time) => Date>> = {
  second: endOfSecond, minute: endOfMinute, hour: endOfHour, day: endOfDay, week: endOfWeek,
  month: endOfMonth, quarter: endOfQuarter, year: endOfYear,
};
const ms = (d: Date | Time) => (typeof d === 'number' ? d : d.getTime());

_adapters._date.override({
  formats: () => FORMATS,
  parse(value: unknown) {
    if (value === null || value === undefined) return null;
    const date = typeof value === 'number' || value instanceof Date ? toDate(value) : typeof value === 'string' ? parseISO(value) : null;
    return date && isValid(date) ? date.getTime() : null;
  },
  format: (time: number, fmt: string) => format(time, fmt),
  add: (time: number, amount: number, unit: TimeUnit) => ms(ADD[unit]?.(time, amount) ?? time),
  diff: (max: number, min: number, unit: TimeUnit) => DIFF[unit]?.(max, min) ?? 0,
  startOf(time: number, unit: Unit, weekday?: number | boolean) {
    if (unit === 'isoWeek') return ms(startOfWeek(time, { weekStartsOn: (+(weekday ?? 0) % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6 }));
    return ms(START[unit]?.(time) ?? time);
  },
  endOf: (time: number, unit: Unit) => ms((unit === 'isoWeek' ? undefined : END[unit]?.(time)) ?? time),
});
