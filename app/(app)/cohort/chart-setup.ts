/**
 * Chart.js registration for the cohort charts. Imported only by the chart
 * components, which load with next/dynamic (ssr: false) on the cohort page alone,
 * so chart.js stays out of the server render and of other pages' bundles.
 */
import { BarController, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js';

ChartJS.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip, Legend);

export const FONT = { size: 11 } as const;
export const MUTED = '#5b6675';

/** 1, 2, 5 x 10^n labels only on log axes, so decades read at a glance. */
export function logTick(value: string | number): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const m = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6) ? String(Number(v.toPrecision(3))) : '';
}
