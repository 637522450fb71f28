/**
 * Where a panel's plot area sits in its box, in pixels: fixed, not measured from the
 * labels, so the first frame (first-frame.tsx) is drawn exactly where the chart will
 * draw. The y axis has one width in every panel, so a date is at the same column in all
 * of them (decision 0041).
 */
export const Y_AXIS_WIDTH = 96;
export const X_AXIS_HEIGHT = 28;
/** Room above the plot for a point at the top of the axis, and right of it for the last date label. */
export const PLOT_TOP = 8;
export const PLOT_RIGHT = 12;
/** Points on the floor or top of an axis are drawn whole: this far beyond the plot area. */
export const EDGE_SPILL = 8;

/** The y axes' titles, the same on the first frame and on the chart. */
export const AXIS_TITLE = { titer: '× cut-off', ck: 'U/L', xuln: '× ULN', mmt: 'MMT total' } as const;
