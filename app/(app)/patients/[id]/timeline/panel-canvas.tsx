'use client';
import { useEffect, useRef, type RefObject } from 'react';
import { Chart as ChartJS, type ChartData, type ChartOptions, type ChartType, type Plugin } from 'chart.js';

/**
 * One panel's canvas and its Chart.js chart, set up in three tasks instead of one
 * (issue 24; decision 0040): the axes and layout, then the data, then the first draw.
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

/** A new task (not a microtask): a message to ourselves, which timers' 4 ms clamp does not delay. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export function PanelCanvas<T extends ChartType, D>({ type, data, options, plugins, label, chartRef }: {
  type: T;
  data: ChartData<T, D>;
  options: ChartOptions<T>;
  plugins: Plugin<T>[];
  label: string;
  chartRef: RefObject<ChartJS<T, D> | null>;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const latest = useRef({ data, options });
  // The props of the last commit, for the set-up's later tasks (declared first, so it runs first).
  useEffect(() => {
    latest.current = { data, options };
  });

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let live = true;
    const { options: first } = latest.current;
    constructing = true;
    let chart: ChartJS<T, D>;
    try {
      chart = new ChartJS<T, D>(el, { type, data: { datasets: [] }, options: first, plugins: [...plugins, holdFirstDraw as Plugin<T>] });
    } finally {
      constructing = false;
    }
    chartRef.current = chart;
    void (async () => {
      await nextTask();
      if (!live) return;
      chart.data = latest.current.data;
      chart.options = latest.current.options;
      chart.update('none');
      await nextTask();
      if (!live) return;
      held.delete(chart as unknown as ChartJS);
      chart.render();
    })();
    return () => {
      live = false;
      chart.destroy();
      chartRef.current = null;
    };
    // Created once per mount; data and options changes are applied by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || held.has(chart as unknown as ChartJS)) return; // the set-up above reads the latest props
    chart.data = data;
    chart.options = options;
    chart.update('none');
  }, [data, options, chartRef]);

  return <canvas ref={canvas} role="img" aria-label={label} />;
}
