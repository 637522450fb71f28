'use client';
import { useEffect, useRef } from 'react';
import { Chart as ChartJS, type ChartData, type ChartOptions, type ChartType, type Plugin } from 'chart.js';
import type { HoverSync } from './hover-sync';
import { useShownData } from './series-key';

/**
 * One panel's canvas and its Chart.js chart, set up in three tasks instead of one
 * (issue 24; decision 0040): the chart with its axes, then the data, then the first draw.
 * The browser can answer a click or a key between them, and no single task holds the
 * page for a whole chart (Lighthouse's total blocking time: the first chart, which
 * also pays for compiling Chart.js's code, was the page's longest task). Later prop
 * changes (a new window, zoom) update the chart in place, as react-chartjs-2 did.
 */

/** Charts whose first draw waits for their data to be in. */
const held = new WeakSet<ChartJS>();
/** Set while a chart is being constructed: its constructor already updates and renders. */
let constructing = false;
const holdFirstDraw: Plugin = {
  id: 'tlHoldFirstDraw',
  beforeInit: (chart) => {
    if (constructing) held.add(chart as ChartJS);
  },
  beforeRender: (chart) => !held.has(chart as ChartJS),
};

/**
 * The panels' set-up steps, run one per task in the order queued: panels mount together
 * and queue their three steps in page order, so titers draw first and no task holds
 * more than one step of one chart. A message to ourselves starts each task (timers'
 * 4 ms clamp would add up over fifteen steps).
 */
const steps: (() => void)[] = [];
let channel: MessageChannel | null = null;
function runNextStep() {
  try {
    steps.shift()?.();
  } finally {
    // A chart that fails to set up must not stop the panels after it.
    if (steps.length) channel?.port2.postMessage(null);
  }
}
function queueSteps(...more: (() => void)[]) {
  if (!channel) {
    channel = new MessageChannel(); // made on first use: only browsers set up charts
    channel.port1.onmessage = runNextStep;
  }
  const idle = steps.length === 0;
  steps.push(...more);
  if (idle) channel.port2.postMessage(null);
}

export function PanelCanvas<T extends ChartType, D>({ type, data: given, options, plugins, label, sync }: {
  type: T;
  data: ChartData<T, D>;
  options: ChartOptions<T>;
  plugins: Plugin<T>[];
  label: string;
  /** The hover group: the chart joins it once created (crosshair, print resizing). */
  sync: HoverSync;
}) {
  // Without the series the user hid with the panel's key (series-key.ts).
  const data = useShownData(given);
  const canvas = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<ChartJS<T, D> | null>(null);
  const latest = useRef({ data, options });
  // The props of the last commit, for the set-up's later steps (declared first, so it runs first).
  useEffect(() => {
    latest.current = { data, options };
  });

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let live = true;
    let chart: ChartJS<T, D> | null = null;
    let applied: typeof latest.current | null = null;
    queueSteps(
      () => {
        if (!live) return;
        constructing = true;
        try {
          chart = new ChartJS<T, D>(el, { type, data: { datasets: [] }, options: latest.current.options, plugins: [...plugins, holdFirstDraw as Plugin<T>] });
        } finally {
          constructing = false;
        }
        chartRef.current = chart;
        sync.charts.add(chart);
      },
      () => {
        if (!live || !chart) return;
        applied = latest.current;
        chart.data = applied.data;
        chart.options = applied.options;
        chart.update('none');
      },
      () => {
        if (!live || !chart) return;
        held.delete(chart as unknown as ChartJS);
        const now = latest.current;
        if (now.data === applied?.data && now.options === applied.options) {
          chart.render();
          return;
        }
        // The window or the data changed since the data step: draw what is current.
        chart.data = now.data;
        chart.options = now.options;
        chart.update('none');
      },
    );
    return () => {
      live = false;
      if (chart) {
        sync.charts.delete(chart);
        chart.destroy();
      }
      chartRef.current = null;
    };
    // Created once per mount; data and options changes are applied by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || held.has(chart as unknown as ChartJS)) return; // the set-up steps read the latest props
    chart.data = data;
    chart.options = options;
    chart.update('none');
  }, [data, options]);

  return <canvas ref={canvas} role="img" aria-label={label} />;
}
