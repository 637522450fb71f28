/**
 * The timeline's axis ticks, chosen once for both ways a panel is drawn: the server's
 * first frame (sketch.ts) and the interactive chart, which takes these ticks instead of
 * its own (chart-kit.ts). The two then show the same grid and labels, so the chart
 * replaces the frame without the axes moving (decision 0041). Pure.
 */
import { DAY_MS } from './time';

export interface Tick {
  value: number;
  label: string;
}

/** 1, 2 and 5 x 10^n within [min, max], labelled as the log axes always were ("0.1", "2", "50"). */
export function logTicks(min: number, max: number, suffix = ''): Tick[] {
  const ticks: Tick[] = [];
  if (!(min > 0) || !(max > min)) return ticks;
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const k of [1, 2, 5]) {
      const v = Number((k * 10 ** e).toPrecision(3));
      if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.push({ value: v, label: `${v}${suffix}` });
    }
  }
  return ticks;
}

/** Round steps from 0 to `top` (1, 2, 2.5 or 5 x 10^n), at most about six of them. */
export function linearTicks(top: number): Tick[] {
  if (!(top > 0)) return [{ value: 0, label: '0' }];
  const raw = top / 6;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].map((k) => k * magnitude).find((s) => s >= raw) ?? 10 * magnitude);
  const ticks: Tick[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) ticks.push({ value: Number(v.toPrecision(6)), label: String(Number(v.toPrecision(6))) });
  return ticks;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Tick steps, shortest first: days, then months, then years. */
const STEPS: { days?: number; months?: number; years?: number }[] = [
  { days: 1 }, { days: 2 }, { days: 7 }, { days: 14 }, { months: 1 }, { months: 2 }, { months: 3 }, { months: 6 },
  { years: 1 }, { years: 2 }, { years: 5 }, { years: 10 }, { years: 20 }, { years: 50 },
];

/** At most this many time ticks: their labels fit side by side on a narrow panel. */
export const MAX_TIME_TICKS = 7;

function stepTicks(min: number, max: number, step: (typeof STEPS)[number]): Tick[] {
  const out: Tick[] = [];
  const start = new Date(min);
  if (step.days) {
    // Midnight UTC of each day; weekly and fortnightly steps start on a Monday.
    let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
    if (step.days >= 7) t += ((8 - new Date(t).getUTCDay()) % 7) * DAY_MS;
    for (; t <= max; t += step.days * DAY_MS) {
      const d = new Date(t);
      if (t >= min) out.push({ value: t, label: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}` });
    }
    return out;
  }
  const months = step.months ?? (step.years ?? 1) * 12;
  let y = start.getUTCFullYear();
  let m = 0;
  // First month on the step's grid (January for years, a multiple of the step in the year).
  if (months >= 12) y = Math.ceil(y / (months / 12)) * (months / 12);
  for (;;) {
    const t = Date.UTC(y, m, 1);
    if (t > max) break;
    if (t >= min) out.push({ value: t, label: months >= 12 ? String(y) : `${MONTHS[m]} ${y}` });
    m += months;
    y += Math.floor(m / 12);
    m %= 12;
  }
  return out;
}

/** Ticks on the first of a day, month or year, the shortest step giving at most MAX_TIME_TICKS. */
export function timeTicks(min: number, max: number): Tick[] {
  if (!(max > min)) return [];
  const spanDays = (max - min) / DAY_MS;
  for (const step of STEPS) {
    const stepDays = step.days ?? (step.months ? step.months * 30.4 : (step.years ?? 1) * 365.25);
    if (spanDays / stepDays > MAX_TIME_TICKS + 1) continue; // clearly too many: skip the count
    const ticks = stepTicks(min, max, step);
    if (ticks.length <= MAX_TIME_TICKS) return ticks;
  }
  return [];
}
