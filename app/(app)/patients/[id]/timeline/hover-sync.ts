/**
 * Hover state shared by the timeline panels. Kept apart from chart-kit.ts (which
 * imports chart.js) so the always-loaded timeline view can create it without
 * pulling the chart code into the page bundle.
 */
export interface HoverSync {
  /** Hovered time in ms, or null. */
  x: number | null;
  /** Mounted charts: redrawn when the hover moves (chart-kit.ts resizes every chart for printing). */
  charts: Set<{ draw(): void; resize(): void }>;
  /** Pending animation frame (redraws are coalesced to one per frame). */
  frame: number | null;
}

export function createHoverSync(): HoverSync {
  return { x: null, charts: new Set(), frame: null };
}

/** Props every panel chart takes from the timeline view. */
export interface PanelChartProps {
  xMin: number;
  xMax: number;
  sync: HoverSync;
  onWindow: (min: number, max: number) => void;
}
