/**
 * The four panel charts as one module, so the page loads them as one chunk group:
 * the same one that chart-code-hint.tsx names for the head's preload and that
 * timeline-panels.tsx imports (issue 24).
 */
export { default as TiterChart } from './titer-chart';
export { default as EnzymeChart } from './enzyme-chart';
export { default as MmtChart } from './mmt-chart';
export { default as MedsChart } from './meds-chart';
